package io.stepwise.engine;

/**
 * An error as users see it: a name (the exception's simple class name) and a message.
 */
public record ErrorInfo(String name, String message) {

  public static ErrorInfo of(Throwable error) {
    String message = error.getMessage();
    return new ErrorInfo(error.getClass().getSimpleName(), message == null ? "" : message);
  }
}
