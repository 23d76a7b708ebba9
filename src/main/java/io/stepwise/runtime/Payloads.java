package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.StorableJson;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.errors.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;

/** The checks every params or event payload passes before it is stored, on one serialisation. */
public final class Payloads {

  private Payloads() {}

  /**
   * Refuses JSON over {@link PayloadTooLargeException#MAX_PAYLOAD_BYTES} or holding what PostgreSQL
   * cannot store; {@code what} names it in the message.
   *
   * @throws PayloadTooLargeException, InvalidInputException
   */
  public static void check(String what, JsonNode json) {
    if (json == null) {
      return;
    }
    String text = json.toString();
    if (text.getBytes(StandardCharsets.UTF_8).length > PayloadTooLargeException.MAX_PAYLOAD_BYTES) {
      throw new PayloadTooLargeException(what + " must be at most 1 MiB of JSON");
    }
    StorableJson.unstorable(text)
        .ifPresent(
            problem -> {
              throw new InvalidInputException(what + " may not contain " + problem);
            });
  }
}
