package io.stepwise.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A property of every Kafka input, over mutated and random payloads from a fixed seed (a failure
 * replays): reading one either yields a message or fails with {@link MalformedMessageException} and
 * a reason — which sends it to the dead-letter topic. No other exception, which would be retried as
 * if the broker or the database were away.
 */
class MessageCodecFuzzTest {

  private static final List<Class<?>> INPUTS =
      List.of(StepMessage.class, TimerMessage.class, TriggerMessage.class, EventMessage.class);
  private static final List<String> VALID =
      List.of(
          "{\"instance\":12,\"seq\":3}",
          "{\"instance\":12,\"seq\":3,\"dueAt\":1767225600000}",
          "{\"workflow\":\"chain\",\"id\":\"order-1\",\"params\":{\"steps\":3,\"tags\":[\"a\",null,1.5e300]}}",
          "{\"workflow\":\"approval\",\"id\":\"x\",\"type\":\"approved\",\"payload\":{\"by\":\"ann\"}}");
  private static final List<String> FRAGMENTS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ":",
          ",",
          "\"",
          "\\",
          "null",
          "true",
          "-0",
          "1e99999",
          "9223372036854775808",
          "\u0000",
          "\uD800",
          "🙂",
          "{\"instance\":",
          "\"seq\":",
          "NaN",
          "'",
          "/*",
          "\n",
          "{\"$ref\":\"#\"}");

  private final MessageCodec codec = new MessageCodec(new ObjectMapper());
  private final Random random = new Random(20261125);

  @Test
  void everyPayloadIsReadOrRefusedWithAReason() {
    int refused = 0;
    int read = 0;
    for (int i = 0; i < 20_000; i++) {
      String payload =
          random.nextInt(5) == 0 ? noise() : mutate(VALID.get(random.nextInt(VALID.size())));
      Class<?> type = INPUTS.get(random.nextInt(INPUTS.size()));
      try {
        assertThat(codec.read(payload, type)).isInstanceOf(type);
        read++;
      } catch (MalformedMessageException e) {
        assertThat(e.getMessage()).as("the reason for %s", payload).isNotBlank();
        refused++;
      } catch (RuntimeException e) {
        fail("reading " + type.getSimpleName() + " from " + payload + " threw " + e, e);
      }
    }
    // the generator reaches both sides of the property
    assertThat(read).isPositive();
    assertThat(refused).isPositive();
  }

  private String mutate(String valid) {
    StringBuilder text = new StringBuilder(valid);
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      int at = random.nextInt(text.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> text.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(4)));
        case 2 ->
            text.replace(
                at,
                Math.min(text.length(), at + 1),
                Character.toString((char) random.nextInt(0x3000)));
        default -> {} // unchanged: valid payloads must keep reading
      }
    }
    return text.toString();
  }

  private String noise() {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(40); n > 0; n--) {
      text.append(
          random.nextBoolean()
              ? FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))
              : (char) random.nextInt(0xFFFF));
    }
    return text.toString();
  }
}
