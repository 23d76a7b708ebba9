package io.stepwise.errors;

/** Params or an event payload over the limit (1 MiB), wherever they come in. */
public class PayloadTooLargeException extends RuntimeException {

  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  public PayloadTooLargeException(String message) {
    super(message);
  }
}
