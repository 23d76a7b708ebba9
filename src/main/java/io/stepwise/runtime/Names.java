package io.stepwise.runtime;

import java.util.regex.Pattern;

/**
 * The rules for user-chosen names, as Cloudflare's: letters, digits, '_' and '-', not starting with
 * '-'.
 */
public final class Names {

  private static final Pattern INSTANCE_ID = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_-]{0,99}");
  private static final Pattern WORKFLOW = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_-]{0,63}");

  /** The alias of a workflow's newest instance in the API, so no instance may take it as its id. */
  public static final String LATEST = "latest";

  private static final int MAX_EVENT_ID = 200;

  private Names() {}

  public static boolean isValidInstanceId(String id) {
    return id != null && INSTANCE_ID.matcher(id).matches();
  }

  public static boolean isValidWorkflowName(String name) {
    return name != null && WORKFLOW.matcher(name).matches();
  }

  /**
   * An event's id, chosen by its sender: any text a header can carry, so a UUID or a business key
   * fits.
   */
  public static boolean isValidEventId(String id) {
    return id != null
        && !id.isEmpty()
        && id.length() <= MAX_EVENT_ID
        && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  public static String eventIdRule() {
    return "1 to " + MAX_EVENT_ID + " printable ASCII characters";
  }

  public static String instanceIdRule() {
    return "1 to 100 characters of [a-zA-Z0-9_-], not starting with '-'";
  }
}
