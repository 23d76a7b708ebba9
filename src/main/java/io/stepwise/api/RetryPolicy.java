package io.stepwise.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed step is retried. Immutable; validated on construction.
 *
 * @param limit how many retries after the first attempt (0 = no retry); at most 10,000
 * @param delay the base delay before a retry
 * @param backoff how the delay grows from one retry to the next
 */
public record RetryPolicy(int limit, Duration delay, Backoff backoff) {

  /** Cloudflare's defaults: 5 retries, 10 s, exponential. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(10), Backoff.EXPONENTIAL);

  /** No retry at all. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Backoff.CONSTANT);

  /** The longest delay a single retry may wait; longer computed delays are capped. */
  public static final Duration MAX_DELAY = Duration.ofDays(365);

  public RetryPolicy {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(backoff, "backoff");
    if (limit < 0 || limit > 10_000) {
      throw new IllegalArgumentException("retry limit must be between 0 and 10000, was " + limit);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("retry delay must not be negative, was " + delay);
    }
  }

  public RetryPolicy withLimit(int newLimit) {
    return new RetryPolicy(newLimit, delay, backoff);
  }

  public RetryPolicy withDelay(Duration newDelay) {
    return new RetryPolicy(limit, newDelay, backoff);
  }

  public RetryPolicy withBackoff(Backoff newBackoff) {
    return new RetryPolicy(limit, delay, newBackoff);
  }

  /** Whether a step that has failed {@code failedAttempts} times may try again. */
  public boolean allowsAnotherAttempt(int failedAttempts) {
    return failedAttempts <= limit;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry), capped at {@link
   * #MAX_DELAY}.
   */
  public Duration delayBeforeRetry(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
    }
    long base = delay.toMillis();
    long millis =
        switch (backoff) {
          case CONSTANT -> base;
          case LINEAR -> multiplyCapped(base, retry);
          case EXPONENTIAL -> retry > 62 ? Long.MAX_VALUE : multiplyCapped(base, 1L << (retry - 1));
        };
    return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
  }

  private static long multiplyCapped(long a, long b) {
    long product = a * b;
    return (a != 0 && product / a != b) ? Long.MAX_VALUE : product;
  }
}
