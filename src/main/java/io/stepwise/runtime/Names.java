package io.stepwise.runtime;

import java.util.regex.Pattern;

/** The rules for user-chosen names, as Cloudflare's: letters, digits, '_' and '-', not starting with '-'. */
public final class Names {

  private static final Pattern INSTANCE_ID = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_-]{0,99}");
  private static final Pattern WORKFLOW = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_-]{0,63}");

  /** The alias of a workflow's newest instance in the API, so no instance may take it as its id. */
  public static final String LATEST = "latest";

  private Names() {}

  public static boolean isValidInstanceId(String id) {
    return id != null && INSTANCE_ID.matcher(id).matches();
  }

  public static boolean isValidWorkflowName(String name) {
    return name != null && WORKFLOW.matcher(name).matches();
  }

  public static String instanceIdRule() {
    return "1 to 100 characters of [a-zA-Z0-9_-], not starting with '-'";
  }
}
