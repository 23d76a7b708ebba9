package io.stepwise.operations;

import io.stepwise.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque paging cursors: clients pass back what they were given and nothing else. */
public final class Cursors {

  private Cursors() {}

  public static String encode(Long pk) {
    return pk == null
        ? null
        : Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("pk:" + pk).getBytes(StandardCharsets.UTF_8));
  }

  public static Long decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("pk:")) {
        return Long.parseLong(text.substring(3));
      }
    } catch (IllegalArgumentException malformed) {
      // answered below
    }
    throw new InvalidInputException(
        "invalid cursor '" + cursor + "': pass the nextCursor of a previous page");
  }
}
