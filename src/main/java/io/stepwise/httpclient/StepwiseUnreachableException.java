package io.stepwise.httpclient;

/** The request got no answer: the service was not reachable, or the connection failed. */
public class StepwiseUnreachableException extends RuntimeException {

  StepwiseUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
