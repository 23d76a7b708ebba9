package io.stepwise.errors;

/** An operation that does not fit the instance's current status. */
public class StatusConflictException extends RuntimeException {
  public StatusConflictException(String message) {
    super(message);
  }
}
