package io.stepwise.messaging.inbound;

import io.stepwise.messaging.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of an input record. The channels read raw bytes, so a record that is not UTF-8 is
 * refused with that reason (a string deserializer would have replaced the bad bytes silently) and
 * dead-lettered as it was sent.
 */
public final class RecordText {

  private RecordText() {}

  public static String of(byte[] value) {
    if (value == null || value.length == 0) {
      throw new MalformedMessageException("empty record, expected JSON");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(
          "not UTF-8 text (" + value.length + " bytes): " + e.getMessage());
    }
  }
}
