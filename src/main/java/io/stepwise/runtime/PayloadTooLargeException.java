package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** Params or an event payload over the limit (1 MiB), wherever they come in. */
public class PayloadTooLargeException extends RuntimeException {

  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  public PayloadTooLargeException(String message) {
    super(message);
  }

  /** Refuses JSON over {@link #MAX_PAYLOAD_BYTES}; {@code what} names it in the message. */
  public static void check(String what, JsonNode json) {
    if (json != null && json.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw new PayloadTooLargeException(what + " must be at most 1 MiB of JSON");
    }
  }
}
