package io.stepwise.httpclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service answered with an error: {@link #status()} is the HTTP status, {@link #code()} and the
 * message come from its JSON error body ({@code {"error": {"code", "message"}}}), e.g. 404 {@code
 * instance_not_found}, 409 {@code instance_exists}, 400 {@code invalid_request}.
 */
public class StepwiseApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String detail;
  private final String body;

  StepwiseApiException(int status, String code, String detail, String body) {
    super("HTTP " + status + " " + code + ": " + detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.body = body;
  }

  static StepwiseApiException of(int status, JsonNode json, String body) {
    JsonNode error = json == null ? null : json.path("error");
    if (error != null && error.hasNonNull("message")) {
      return new StepwiseApiException(
          status, error.path("code").asText("error"), error.get("message").asText(), body);
    }
    return new StepwiseApiException(status, "error", summary(body), body);
  }

  private static final Pattern TITLE = Pattern.compile("(?is)<title>\\s*(.*?)\\s*</title>");
  private static final int SUMMARY_LENGTH = 200;

  /**
   * A body that is not the service's JSON in one line: an HTML page (a proxy's, or dev mode's
   * compile error of 250 KB) by its title, anything else by its first line, at most 200 characters.
   */
  static String summary(String body) {
    if (body == null || body.isBlank()) {
      return "no details";
    }
    Matcher title = TITLE.matcher(body);
    String line =
        title.find()
            ? title.group(1).replaceAll("\\s+", " ")
            : body.strip().lines().findFirst().orElse("");
    String cut = line.length() > SUMMARY_LENGTH ? line.substring(0, SUMMARY_LENGTH) + "…" : line;
    return body.length() > cut.length() ? cut + " (" + body.length() + " characters)" : cut;
  }

  public int status() {
    return status;
  }

  /** The error's code, e.g. {@code instance_not_found}. */
  public String code() {
    return code;
  }

  /** The error body's message (or the first line of a body that is not the service's JSON). */
  public String detail() {
    return detail;
  }

  /** The body as the service sent it. */
  public String body() {
    return body;
  }
}
