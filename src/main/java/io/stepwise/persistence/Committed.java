package io.stepwise.persistence;

import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Transition;

/** A committed transition, and the status the instance had just before it. */
public record Committed(InstanceStatus from, Transition transition) {}
