package io.stepwise.client;

/** Params or an event payload over the limit (1 MiB). */
public class PayloadTooLargeException extends RuntimeException {
  public PayloadTooLargeException(String message) {
    super(message);
  }
}
