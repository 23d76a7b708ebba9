package io.stepwise.api;

/** How the delay between attempts grows. */
public enum Backoff {
  /** Every retry waits {@code delay}. */
  CONSTANT,
  /** Retry {@code n} waits {@code n × delay}. */
  LINEAR,
  /** Retry {@code n} waits {@code 2^(n-1) × delay}. */
  EXPONENTIAL
}
