package io.stepwise.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error as users see it: a name (the exception's simple class name), a message and, for a failed
 * step attempt, a short trace (where it was thrown and its causes) to tell one failure from another
 * without the service's log.
 */
public record ErrorInfo(
    String name, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String trace) {

  /** Frames of the thrown exception kept in a trace: enough to find the throwing line. */
  static final int TRACE_FRAMES = 8;

  /** Causes kept in a trace, each as one line. */
  static final int TRACE_CAUSES = 5;

  /** A trace is kept with every failed attempt, on the instance's row: it stays small. */
  static final int MAX_TRACE_CHARS = 4000;

  public ErrorInfo(String name, String message) {
    this(name, message, null);
  }

  /** What PostgreSQL cannot store (a NUL, a lone surrogate) is replaced, so the record commits. */
  public ErrorInfo {
    message = StorableJson.replacingUnstorable(message);
    trace = StorableJson.replacingUnstorable(trace);
  }

  public static ErrorInfo of(Throwable error) {
    String message = error.getMessage();
    return new ErrorInfo(error.getClass().getSimpleName(), message == null ? "" : message);
  }

  /** As {@link #of}, with the first frames of the stack and the chain of causes. */
  public static ErrorInfo withTrace(Throwable error) {
    ErrorInfo info = of(error);
    return new ErrorInfo(info.name(), info.message(), trace(error));
  }

  static String trace(Throwable error) {
    StringBuilder trace = new StringBuilder(error.getClass().getName());
    StackTraceElement[] frames = error.getStackTrace();
    for (int i = 0; i < Math.min(TRACE_FRAMES, frames.length); i++) {
      trace.append("\n  at ").append(frames[i]);
    }
    if (frames.length > TRACE_FRAMES) {
      trace.append("\n  … ").append(frames.length - TRACE_FRAMES).append(" more");
    }
    Throwable cause = error.getCause();
    for (int depth = 0;
        cause != null && cause != error && depth < TRACE_CAUSES;
        depth++, cause = cause.getCause()) {
      trace.append("\nCaused by: ").append(cause.getClass().getName());
      if (cause.getMessage() != null) {
        trace.append(": ").append(cause.getMessage().lines().findFirst().orElse(""));
      }
    }
    return trace.length() <= MAX_TRACE_CHARS
        ? trace.toString()
        : trace.substring(0, MAX_TRACE_CHARS - 1) + "…";
  }
}
