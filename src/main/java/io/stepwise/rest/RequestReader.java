package io.stepwise.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.stepwise.engine.Retention;
import io.stepwise.engine.StepKey;
import io.stepwise.operations.CreateRequest;
import io.stepwise.operations.RetentionText;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads request bodies by hand, so that every mistake gets a message that names it (malformed JSON,
 * wrong types, unknown fields, missing fields).
 */
@ApplicationScoped
class RequestReader {

  /** A status change: {@code {"status", "from"?: {"name", "count"?}, "rollback"?}}. */
  record StatusChange(String status, StepKey from, boolean rollback) {}

  /** Refuses what a lenient parser would quietly take: text after the JSON, a key given twice. */
  private final ObjectReader reader;

  RequestReader(ObjectMapper mapper) {
    this.reader = strictJson(mapper);
  }

  static ObjectReader strictJson(ObjectMapper mapper) {
    return mapper
        .reader()
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /** Any JSON (an event payload); an empty body is null. */
  JsonNode json(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return reader.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage());
    }
  }

  /** {@code {"id"?, "params"?, "retention"?}}; an empty body creates with defaults. */
  CreateRequest create(String body) {
    JsonNode json = json(body);
    return json == null || json.isNull()
        ? new CreateRequest(null, null, null)
        : create(json, "the body");
  }

  /** A JSON array of create requests. */
  List<CreateRequest> batch(String body) {
    JsonNode json = json(body);
    if (json == null || !json.isArray()) {
      throw ApiException.badRequest("the body must be a JSON array of {\"id\"?, \"params\"?}");
    }
    List<CreateRequest> requests = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      requests.add(create(json.get(i), "item " + i));
    }
    return requests;
  }

  StatusChange statusChange(String body) {
    JsonNode json = object(json(body), "the body", Set.of("status", "from", "rollback"));
    String status = text(json, "status", "the body");
    if (status == null) {
      throw ApiException.badRequest("\"status\" is required: pause, resume, terminate or restart");
    }
    StepKey from = null;
    JsonNode fromJson = json.get("from");
    if (fromJson != null && !fromJson.isNull()) {
      object(fromJson, "\"from\"", Set.of("name", "count"));
      String name = text(fromJson, "name", "\"from\"");
      if (name == null) {
        throw ApiException.badRequest("\"from\" needs the step's \"name\"");
      }
      JsonNode count = fromJson.get("count");
      if (count != null
          && !count.isNull()
          && (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1)) {
        throw ApiException.badRequest("\"from.count\" must be a whole number from 1");
      }
      from = new StepKey(name, count == null || count.isNull() ? 1 : count.asInt());
    }
    JsonNode rollback = json.get("rollback");
    if (rollback != null && !rollback.isNull() && !rollback.isBoolean()) {
      throw ApiException.badRequest("\"rollback\" must be true or false");
    }
    return new StatusChange(status, from, rollback != null && rollback.asBoolean());
  }

  private CreateRequest create(JsonNode json, String where) {
    object(json, where, Set.of("id", "params", "retention"));
    return new CreateRequest(
        text(json, "id", where), json.get("params"), retention(json.get("retention"), where));
  }

  private Retention retention(JsonNode json, String where) {
    if (json == null || json.isNull()) {
      return null;
    }
    object(json, where + ": \"retention\"", Set.of("successRetention", "errorRetention"));
    try {
      return RetentionText.parse(
          text(json, "successRetention", where), text(json, "errorRetention", where));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static JsonNode object(JsonNode json, String where, Set<String> fields) {
    if (json == null || !json.isObject()) {
      throw ApiException.badRequest(where + " must be a JSON object with " + fields);
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiException.badRequest(where + ": unknown field '" + name + "', expected " + fields);
      }
    }
    return json;
  }

  private static String text(JsonNode json, String field, String where) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(
          where + ": \"" + field + "\" must be a string, was " + value.getNodeType());
    }
    return value.asText();
  }
}
