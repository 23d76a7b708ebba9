package io.stepwise.cli;

/** A failure the command line reports as one clear line and an exit code. */
final class CliException extends RuntimeException {

  /** The service refused the request (4xx): the command or its input is wrong. */
  static final int REFUSED = 1;

  /** The command line itself was wrong (picocli uses 2 for usage errors too). */
  static final int USAGE = 2;

  /** The service could not be reached or failed (5xx). */
  static final int UNREACHABLE = 3;

  /** {@code trigger --wait}: the instance ended, but not complete (errored or terminated). */
  static final int ENDED_UNSUCCESSFULLY = 4;

  /** {@code trigger --wait}: the wait passed before the instance ended. */
  static final int STILL_RUNNING = 5;

  private final int exitCode;
  private final int httpStatus;

  CliException(int exitCode, String message) {
    this(exitCode, 0, message);
  }

  private CliException(int exitCode, int httpStatus, String message) {
    super(message);
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  int exitCode() {
    return exitCode;
  }

  /** The service's HTTP status, or 0 when the failure was not an answer of the service. */
  int httpStatus() {
    return httpStatus;
  }

  /** The service's error answer as one line: HTTP status, error code and message. */
  static CliException fromResponse(int status, String code, String detail) {
    String hint = status == 401 ? " (set STEPWISE_API_KEY)" : "";
    return new CliException(
        status >= 500 ? UNREACHABLE : REFUSED,
        status,
        "HTTP " + status + " " + code + ": " + detail + hint);
  }
}
