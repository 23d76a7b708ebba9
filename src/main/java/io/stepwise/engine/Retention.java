package io.stepwise.engine;

import java.time.Duration;

/**
 * How long a finished instance is kept before it is purged: after success, and after an error or a
 * termination. Either may be null to take the service's default. (Read from a request by {@code
 * client.RetentionText}.)
 */
public record Retention(Duration success, Duration error) {
  public static final Retention DEFAULT = new Retention(null, null);
}
