package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KafkaTriggerTest {

  @Test
  void aTriggerCreatesAnInstance() throws Exception {
    String id = "kafka-" + UUID.randomUUID();
    try (TestKafka kafka = new TestKafka()) {
      kafka.send(
          Topics.TRIGGERS,
          id,
          "{\"workflow\":\"chain\",\"id\":\"" + id + "\",\"params\":{\"steps\":3}}");
    }

    JsonPath done = Api.awaitEnd("chain", id, Duration.ofSeconds(30));
    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getInt("output")).isEqualTo(3);
  }

  @Test
  void badTriggersGoToTheDeadLetterTopicAndTheNextOneStillWorks() throws Exception {
    String marker = UUID.randomUUID().toString();
    String notJson = "not json " + marker;
    String unknownWorkflow = "{\"workflow\":\"no-such-workflow\",\"id\":\"x-" + marker + "\"}";
    String badId = "{\"workflow\":\"chain\",\"id\":\"-" + marker + "\"}";
    String unknownParam =
        "{\"workflow\":\"sleepy\",\"id\":\"p-" + marker + "\",\"params\":{\"sleepSecond\":5}}";
    String trailing = "{\"workflow\":\"chain\",\"id\":\"t-" + marker + "\"} {}";
    String badRetention =
        "{\"workflow\":\"chain\",\"id\":\"r-"
            + marker
            + "\",\"retention\":{\"successRetention\":\"forever\"}}";
    String twice =
        "{\"workflow\":\"chain\",\"id\":\"d-" + marker + "\",\"params\":{\"steps\":1,\"steps\":2}}";
    String good = "good-" + marker;
    try (TestKafka kafka = new TestKafka()) {
      KafkaConsumer<String, String> dlq = kafka.consumerFromStart(Topics.DLQ);
      kafka.send(Topics.TRIGGERS, marker, notJson);
      kafka.send(Topics.TRIGGERS, marker, unknownWorkflow);
      kafka.send(Topics.TRIGGERS, marker, badId);
      kafka.send(Topics.TRIGGERS, marker, unknownParam);
      kafka.send(Topics.TRIGGERS, marker, trailing);
      kafka.send(Topics.TRIGGERS, marker, twice);
      kafka.send(Topics.TRIGGERS, marker, badRetention);
      kafka.send(
          Topics.TRIGGERS,
          marker,
          "{\"workflow\":\"chain\",\"id\":\""
              + good
              + "\",\"params\":{\"steps\":1},"
              + "\"retention\":{\"successRetention\":\"2d\"}}");

      List<ConsumerRecord<String, String>> dead = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                TestKafka.poll(dlq).stream()
                    .filter(r -> r.value().contains(marker))
                    .forEach(dead::add);
                return dead.size() >= 7;
              });
      assertThat(dead)
          .extracting(ConsumerRecord::value)
          .containsExactly(
              notJson, unknownWorkflow, badId, unknownParam, trailing, twice, badRetention);
      assertThat(reason(dead.get(0))).contains("not a valid TriggerMessage");
      assertThat(reason(dead.get(1))).contains("no workflow named 'no-such-workflow'");
      assertThat(reason(dead.get(2))).contains("invalid instance id");
      assertThat(reason(dead.get(3))).contains("unknown field 'params.sleepSecond'");
      assertThat(reason(dead.get(4))).contains("Trailing token");
      assertThat(reason(dead.get(5))).contains("Duplicate field 'steps'");
      assertThat(reason(dead.get(6))).contains("\"successRetention\" must be a duration");
    }

    JsonPath done = Api.awaitEnd("chain", good, Duration.ofSeconds(30));
    assertThat(done.getString("status")).isEqualTo("complete");
  }

  private static String reason(ConsumerRecord<String, String> record) {
    Header header = record.headers().lastHeader("dead-letter-reason");
    assertThat(header).as("dead-letter-reason header").isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
