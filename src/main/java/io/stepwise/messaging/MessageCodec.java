package io.stepwise.messaging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * JSON for Kafka payloads. Reading is strict (unknown fields, missing numbers, a key given twice
 * and text after the JSON are errors), so a malformed message fails here, once, with a reason fit
 * for the dead-letter topic.
 */
@ApplicationScoped
public class MessageCodec {

  /**
   * The engine's own messages (steps, timers) are a few numbers: one far longer was not written by
   * the engine. Triggers and events are bounded by the broker's message size and by the 1 MiB limit
   * on params and payloads, checked where they are stored.
   */
  static final int MAX_ENGINE_MESSAGE_CHARS = 4096;

  private final ObjectMapper strict;
  private final ObjectMapper mapper;

  MessageCodec(ObjectMapper mapper) {
    this.mapper = mapper;
    this.strict =
        mapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  public <T> T read(String payload, Class<T> type) {
    if (payload == null || payload.isBlank()) {
      throw new MalformedMessageException("empty message, expected a JSON " + type.getSimpleName());
    }
    if ((type == StepMessage.class || type == TimerMessage.class)
        && payload.length() > MAX_ENGINE_MESSAGE_CHARS) {
      throw new MalformedMessageException(
          "a "
              + type.getSimpleName()
              + " of "
              + payload.length()
              + " characters is over the limit of "
              + MAX_ENGINE_MESSAGE_CHARS);
    }
    try {
      T value = strict.readValue(payload, type);
      if (value == null) {
        throw new MalformedMessageException(
            "null message, expected a JSON " + type.getSimpleName());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException(
          "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
