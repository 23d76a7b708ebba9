package io.stepwise.persistence;

import java.time.Duration;

/**
 * How long a finished instance is kept before it is purged: after success, and after an error or
 * a termination. Either may be null to take the service's default.
 */
public record Retention(Duration success, Duration error) {
  public static final Retention DEFAULT = new Retention(null, null);
}
