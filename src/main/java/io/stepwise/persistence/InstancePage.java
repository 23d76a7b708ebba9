package io.stepwise.persistence;

import java.util.List;

/** One page of instances, newest first; {@code nextCursor} is null on the last page. */
public record InstancePage(List<StoredInstance> instances, Long nextCursor) {}
