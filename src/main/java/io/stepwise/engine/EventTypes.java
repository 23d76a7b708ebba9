package io.stepwise.engine;

import java.util.regex.Pattern;

/** The rule for event types: 1–100 characters of {@code [a-zA-Z0-9_-]}, not starting with '-'. */
public final class EventTypes {

  private static final Pattern TYPE = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_-]{0,99}");

  private EventTypes() {}

  public static boolean isValid(String type) {
    return type != null && TYPE.matcher(type).matches();
  }

  public static String rule() {
    return "1 to 100 characters of [a-zA-Z0-9_-], not starting with '-'";
  }
}
