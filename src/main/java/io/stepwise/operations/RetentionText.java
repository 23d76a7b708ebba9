package io.stepwise.operations;

import io.stepwise.engine.Retention;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a retention as a create request writes it (REST's body, a trigger record): here, in the
 * operations layer, so that every adapter reads it the same way.
 */
public final class RetentionText {

  /** The longest retention: far beyond any need, and far from overflowing a timestamp. */
  public static final Duration MAX = Duration.ofDays(36_500);

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private RetentionText() {}

  /**
   * Reads {@code {"successRetention"?, "errorRetention"?}}'s values: ISO-8601 ({@code P7D}, {@code
   * PT12H}) or short ({@code 7d}, {@code 12h}, {@code 30m}, {@code 90s}, {@code 500ms}), at most
   * {@link #MAX}; null stays null (the default).
   *
   * @throws IllegalArgumentException naming the field and what it must be
   */
  public static Retention parse(String success, String error) {
    return new Retention(duration(success, "successRetention"), duration(error, "errorRetention"));
  }

  private static Duration duration(String text, String field) {
    if (text == null) {
      return null;
    }
    Duration d = read(text.strip());
    if (d == null || d.isNegative() || d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "\""
              + field
              + "\" must be a duration such as P7D or 7d, at most 36500d, was '"
              + text
              + "'");
    }
    return d;
  }

  private static Duration read(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException | ArithmeticException notADuration) {
        return null;
      }
    }
    Matcher m = SHORT.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
