package io.stepwise.httpclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;

/**
 * An instance as the service answered it. The fields a caller usually reads are named; {@link
 * #json()} is the whole answer (with the step timeline when the service sent it).
 */
public record Instance(
    String id,
    String workflow,
    String status,
    JsonNode output,
    JsonNode error,
    Instant createdAt,
    Instant endedAt,
    JsonNode json) {

  private static final Set<String> ENDED = Set.of("complete", "errored", "terminated");

  static Instance of(JsonNode json) {
    return new Instance(
        text(json, "id"), text(json, "workflow"), text(json, "status"),
        node(json, "output"), node(json, "error"),
        instant(json, "createdAt"), instant(json, "endedAt"), json);
  }

  /** Whether the instance ended: complete, errored or terminated. */
  public boolean ended() {
    return ENDED.contains(status);
  }

  /** The output read as {@code type} (null when there is none). */
  public <T> T output(Class<T> type) {
    return output == null ? null : StepwiseHttpClient.JSON.convertValue(output, type);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static JsonNode node(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private static Instant instant(JsonNode json, String field) {
    String value = text(json, field);
    return value == null ? null : Instant.parse(value);
  }
}
