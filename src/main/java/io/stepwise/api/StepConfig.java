package io.stepwise.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of one step: its retry policy and the timeout of each attempt. Immutable; use {@link
 * #DEFAULT} and the {@code with…} copies.
 *
 * <pre>{@code
 * StepConfig.DEFAULT.withRetries(new RetryPolicy(3, Duration.ofSeconds(1), Backoff.LINEAR))
 *                   .withTimeout(Duration.ofSeconds(30))
 * }</pre>
 *
 * @param retries how failed attempts are retried
 * @param timeout the longest one attempt may take; an attempt that takes longer fails (and may be
 *     retried)
 */
public record StepConfig(RetryPolicy retries, Duration timeout) {

  /** Cloudflare's defaults: 5 retries, 10 s, exponential, and a 10-minute timeout per attempt. */
  public static final StepConfig DEFAULT =
      new StepConfig(RetryPolicy.DEFAULT, Duration.ofMinutes(10));

  public StepConfig {
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("step timeout must be positive, was " + timeout);
    }
  }

  public StepConfig withRetries(RetryPolicy newRetries) {
    return new StepConfig(newRetries, timeout);
  }

  public StepConfig withTimeout(Duration newTimeout) {
    return new StepConfig(retries, newTimeout);
  }
}
