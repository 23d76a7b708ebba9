package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What PostgreSQL can store: its text and jsonb types cannot hold the NUL character, and text that
 * is not valid Unicode (a lone UTF-16 surrogate, which a JSON escape can carry) would be stored
 * altered. JSON that holds either is refused up front with a clear error instead of failing the
 * commit or being corrupted.
 */
public final class StorableJson {

  private StorableJson() {}

  /** What in the JSON cannot be stored, e.g. "the NUL character (\\u0000)", or empty. */
  public static Optional<String> unstorable(JsonNode json) {
    return json == null ? Optional.empty() : unstorable(json.toString());
  }

  /** As above, for serialised JSON (Jackson writes a NUL as a backslash-u escape, 0000). */
  public static Optional<String> unstorable(String serialisedJson) {
    if (serialisedJson == null) {
      return Optional.empty();
    }
    if (serialisedJson.contains("\\u0000")) {
      return Optional.of("the NUL character (\\u0000)");
    }
    for (int i = 0; i < serialisedJson.length(); i++) {
      if (startsPair(serialisedJson, i)) {
        i++; // a pair: one character beyond the Basic Multilingual Plane
      } else if (Character.isSurrogate(serialisedJson.charAt(i))) {
        return Optional.of(
            String.format(
                "a lone UTF-16 surrogate (\\u%04X), which is not valid Unicode",
                (int) serialisedJson.charAt(i)));
      }
    }
    return Optional.empty();
  }

  /**
   * Plain text (not JSON) with what PostgreSQL cannot store, a NUL or a lone surrogate, replaced by
   * U+FFFD: for text the engine stores as it comes, such as a failed step's error message.
   */
  public static String replacingUnstorable(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (startsPair(text, i)) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(c == 0 || Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  private static boolean startsPair(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }
}
