package io.stepwise.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the body of a create request, {@code {"id"?, "params"?}}, by hand so that every mistake
 * gets a message that names it (malformed JSON, wrong types, unknown fields).
 */
@ApplicationScoped
class CreateRequests {

  record CreateRequest(String id, JsonNode params) {}

  private static final Set<String> FIELDS = Set.of("id", "params");

  private final ObjectMapper mapper;

  CreateRequests(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  CreateRequest read(String body) {
    if (body == null || body.isBlank()) {
      return new CreateRequest(null, null);
    }
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage());
    }
    if (json == null || json.isNull()) {
      return new CreateRequest(null, null);
    }
    if (!json.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object {\"id\"?, \"params\"?}, was " + json.getNodeType());
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest("unknown field '" + name + "': the body may have \"id\" and \"params\"");
      }
    }
    JsonNode id = json.get("id");
    if (id != null && !id.isNull() && !id.isTextual()) {
      throw ApiException.badRequest("\"id\" must be a string, was " + id.getNodeType());
    }
    return new CreateRequest(id == null || id.isNull() ? null : id.asText(), json.get("params"));
  }
}
