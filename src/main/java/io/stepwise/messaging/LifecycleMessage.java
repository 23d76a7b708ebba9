package io.stepwise.messaging;

/** Announces on {@code stepwise.lifecycle} that an instance changed status. */
public record LifecycleMessage(String workflow, String id, String status, long seq, String at) {}
