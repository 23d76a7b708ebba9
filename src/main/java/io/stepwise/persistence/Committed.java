package io.stepwise.persistence;

import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Transition;
import java.util.UUID;

/**
 * A committed transition, the status the instance had just before it, and the token of the next
 * step's attempt when it began in the same transaction (else null).
 */
public record Committed(InstanceStatus from, Transition transition, UUID nextAttemptToken) {}
