package io.stepwise.httpclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;

/**
 * An instance as the service answered it. The fields a caller usually reads are named; {@link
 * #json()} is the whole answer (with the step timeline when the service sent it). After a create or
 * a status change the service answers only the id and status: the other fields are null then.
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

  /**
   * The instance in an answer; {@code workflow} fills in an answer that does not name it (a status
   * change).
   */
  static Instance of(JsonNode answer, String workflow) {
    JsonNode json = required(answer);
    String named = text(json, "workflow");
    return new Instance(
        text(json, "id"),
        named == null ? workflow : named,
        text(json, "status"),
        node(json, "output"),
        node(json, "error"),
        instant(json, "createdAt"),
        instant(json, "endedAt"),
        json);
  }

  /**
   * The answer, which must be a JSON object: anything else (an empty body, say) is no answer of the
   * service's.
   */
  static JsonNode required(JsonNode answer) {
    if (answer == null || !answer.isObject()) {
      throw new StepwiseApiException(
          200, "unexpected_answer", "the answer is not a JSON object: " + answer, null);
    }
    return answer;
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
