package io.stepwise.api;

import java.time.Instant;

/**
 * What started the instance: its typed params, its id and when it was created. The same on every
 * replay.
 *
 * @param params the params given at creation, converted to the workflow's params type
 * @param instanceId the instance id (unique within its workflow)
 * @param timestamp when the instance was created
 */
public record WorkflowEvent<P>(P params, String instanceId, Instant timestamp) {}
