package io.stepwise.persistence;

import io.stepwise.engine.StepKey;
import io.stepwise.engine.Transition;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A transition to commit for instance {@code pk}: under the attempt {@code attemptToken} (null when
 * no body ran), with the steps the instance had when it was loaded ({@code recorded}), beginning
 * the next step's attempt with {@code nextAttemptToken} when that step runs next in this process.
 */
record CommitRequest(
    long pk,
    Transition transition,
    Instant now,
    UUID attemptToken,
    Set<StepKey> recorded,
    UUID nextAttemptToken) {}
