package io.stepwise.errors;

/** A request or message that breaks a rule (an invalid id, params of the wrong shape, …). */
public class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }
}
