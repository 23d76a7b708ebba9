package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What PostgreSQL can store: its text and jsonb types cannot hold the NUL character, so JSON that
 * contains one is refused up front with a clear error instead of failing the commit.
 */
public final class StorableJson {

  private StorableJson() {}

  public static boolean hasNul(JsonNode json) {
    return json != null && hasNul(json.toString());
  }

  /** Whether serialised JSON holds a NUL (Jackson writes it as a backslash-u escape, 0000). */
  public static boolean hasNul(String serialisedJson) {
    return serialisedJson != null && serialisedJson.contains("\\u0000");
  }
}
