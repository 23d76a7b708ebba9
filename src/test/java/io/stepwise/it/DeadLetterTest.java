package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.messaging.Topics;
import io.stepwise.timers.TimerTiers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Poison messages on the engine's input topics — not JSON, the wrong schema, an unknown workflow,
 * oversized — go to the dead-letter topic with their reason, on every partition, and the partitions
 * keep flowing: instances created afterwards complete, and a sleep's timer still fires.
 */
@QuarkusTest
class DeadLetterTest {

  private static final int PARTITIONS = 4;

  @Test
  void poisonOnTheStepTimerAndEventTopicsIsDeadLetteredWithItsReasonAndWorkGoesOn()
      throws Exception {
    String marker = UUID.randomUUID().toString();
    String timerTopic = TimerTiers.topic(Duration.ofMillis(200));
    String padding = "x".repeat(5000);
    Map<String, List<String>> poison =
        Map.of(
            Topics.STEPS,
            List.of(
                "not json " + marker,
                "{\"instance\":\"" + marker + "\",\"seq\":1}",
                "{\"instance\":1,\"seq\":1,\"pad\":\"" + marker + padding + "\"}"),
            timerTopic,
            List.of(
                "<timer " + marker + "/>",
                "{\"instance\":1,\"seq\":1,\"marker\":\"" + marker + "\"}",
                "{\"instance\":1,\"seq\":1,\"dueAt\":1,\"pad\":\"" + marker + padding + "\"}"),
            Topics.EVENTS,
            List.of(
                "[\"" + marker + "\"]",
                "{\"workflow\":\"no-such-workflow\",\"id\":\"" + marker + "\",\"type\":\"go\"}",
                "{\"workflow\":\"chain\",\"id\":\"" + marker + "\"}"));

    List<ConsumerRecord<String, String>> dead = new ArrayList<>();
    try (TestKafka kafka = new TestKafka()) {
      KafkaConsumer<String, String> dlq = kafka.consumerFromStart(Topics.DLQ);
      for (var topic : poison.entrySet()) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
          for (String message : topic.getValue()) {
            kafka.send(topic.getKey(), partition, message);
          }
        }
      }
      int expected = poison.values().stream().mapToInt(List::size).sum() * PARTITIONS;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                TestKafka.poll(dlq).stream()
                    .filter(r -> r.value().contains(marker))
                    .forEach(dead::add);
                return dead.size() >= expected;
              });
      assertThat(dead).hasSize(expected);
    }

    assertThat(reasons(dead, "not json"))
        .allSatisfy(r -> assertThat(r).contains("not a valid StepMessage"));
    assertThat(reasons(dead, "{\"instance\":\""))
        .allSatisfy(r -> assertThat(r).contains("not a valid StepMessage"));
    assertThat(reasons(dead, "\"pad\""))
        .hasSize(2 * PARTITIONS)
        .allSatisfy(r -> assertThat(r).contains("over the limit"));
    assertThat(reasons(dead, "<timer"))
        .allSatisfy(r -> assertThat(r).contains("not a valid TimerMessage"));
    assertThat(reasons(dead, "\"marker\""))
        .allSatisfy(r -> assertThat(r).contains("not a valid TimerMessage"));
    assertThat(reasons(dead, "[\""))
        .allSatisfy(r -> assertThat(r).contains("not a valid EventMessage"));
    assertThat(reasons(dead, "no-such-workflow"))
        .allSatisfy(r -> assertThat(r).contains("no workflow named 'no-such-workflow'"));
    assertThat(reasons(dead, "{\"workflow\":\"chain\""))
        .allSatisfy(r -> assertThat(r).contains("\"type\""));

    // every partition still flows: instances on all of them advance, sleep and wake
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2 * PARTITIONS; i++) {
      ids.add(Api.create("sleepy", Map.of("seconds", 0.3)));
    }
    for (String id : ids) {
      JsonPath done = Api.awaitEnd("sleepy", id, Duration.ofSeconds(30));
      assertThat(done.getString("status")).as(id).isEqualTo("complete");
    }
  }

  private static List<String> reasons(List<ConsumerRecord<String, String>> dead, String valuePart) {
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<String, String> record : dead) {
      if (record.value().contains(valuePart)) {
        Header header = record.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason of " + record.value()).isNotNull();
        reasons.add(new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    assertThat(reasons).as("dead letters containing " + valuePart).isNotEmpty();
    return reasons;
  }
}
