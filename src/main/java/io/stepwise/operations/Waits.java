package io.stepwise.operations;

import io.stepwise.errors.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a request may wait for an instance to end: {@code 500ms}, {@code 30s}, {@code 5m} or
 * ISO-8601 ({@code PT30S}).
 */
public final class Waits {

  /** The longest wait a request may ask for. */
  public static final Duration MAX = Duration.ofMinutes(5);

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|s|m)");

  private Waits() {}

  /** The wait {@code text} names; {@link Duration#ZERO} for none. */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      return Duration.ZERO;
    }
    Duration wait = read(text);
    if (wait.isNegative() || wait.compareTo(MAX) > 0) {
      throw new InvalidInputException("wait '" + text + "' is over the longest wait, 5m");
    }
    return wait;
  }

  private static Duration read(String text) {
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMinutes(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notIso) {
      throw new InvalidInputException(
          "wait '" + text + "' is not a duration such as 500ms, 30s, 5m or PT30S (at most 5m)");
    }
  }
}
