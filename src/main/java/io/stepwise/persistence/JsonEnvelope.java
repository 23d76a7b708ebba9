package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Wraps every JSON value stored in a jsonb column as {@code {"v": value}}. Hibernate Reactive reads
 * jsonb through Vert.x's JsonObject, which refuses top-level arrays and scalars — and a step's
 * result is often a number or a list.
 */
public final class JsonEnvelope {

  private static final String FIELD = "v";

  private JsonEnvelope() {}

  public static ObjectNode wrap(JsonNode value) {
    return value == null ? null : JsonNodeFactory.instance.objectNode().set(FIELD, value);
  }

  public static JsonNode unwrap(JsonNode stored) {
    return stored == null ? null : stored.get(FIELD);
  }
}
