package io.stepwise.engine;

/** An event a transition hands to a waitForEvent step: consumed once, in the same commit. */
public record ConsumedEvent(long eventId, StepKey by) {}
