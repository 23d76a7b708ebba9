package io.stepwise.engine;

import java.time.Instant;

/** One attempt of a step: when it ran, and how it ended. {@code error} is null on success. */
public record Attempt(int number, Instant start, Instant end, boolean success, ErrorInfo error) {}
