package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile triggers on {@code stepwise.triggers}, from a fixed seed: each one either
 * creates its instance or is dead-lettered with a reason — exactly one of the two, never neither —
 * and the topic keeps flowing.
 */
@QuarkusTest
class TriggerFuzzTest {

  private static final List<String> WORKFLOWS =
      List.of("chain", "sleepy", "no-such", "", "-x", "a b", "chain\u0000");
  private static final List<String> IDS =
      List.of(
          "ok",
          "'; drop table workflow_instance; --",
          "../x",
          "%00",
          "a\u0000b",
          "x".repeat(101),
          "-lead",
          "🙂",
          "",
          "a/b");
  private static final List<String> PARAMS =
      List.of(
          "{\"steps\":1}",
          "{\"steps\":\"one\"}",
          "[1,2]",
          "\"text\"",
          "null",
          "{\"steps\":1,\"s\":\"\\u0000\"}",
          "{\"steps\":-5}",
          "{\"steps\":1.5}",
          "{\"seconds\":0.01}");

  private final Random random = new Random(20261126);

  @Test
  void everyTriggerCreatesItsInstanceOrIsDeadLetteredWithAReason() throws Exception {
    String run = Long.toHexString(System.nanoTime());
    List<String> markers = new ArrayList<>();
    try (TestKafka kafka = new TestKafka()) {
      KafkaConsumer<String, String> dlq = kafka.consumerFromStart(Topics.DLQ);
      for (int i = 0; i < 80; i++) {
        String marker = "fz" + run + "n" + i + "z";
        markers.add(marker);
        kafka.send(Topics.TRIGGERS, marker, trigger(marker));
      }
      Set<String> deadLettered = new HashSet<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record : TestKafka.poll(dlq)) {
                  if (record.key() != null && record.key().startsWith("fz" + run)) {
                    assertThat(record.headers().lastHeader("dead-letter-reason"))
                        .as(record.value())
                        .isNotNull();
                    assertThat(
                            new String(
                                record.headers().lastHeader("dead-letter-reason").value(),
                                StandardCharsets.UTF_8))
                        .isNotBlank();
                    deadLettered.add(record.key());
                  }
                }
                return markers.stream().allMatch(m -> deadLettered.contains(m) || created(m));
              });
      for (String marker : markers) {
        assertThat(deadLettered.contains(marker) && created(marker))
            .as("%s both created and dead-lettered", marker)
            .isFalse();
      }
      assertThat(deadLettered).as("some triggers are refused").isNotEmpty();
      assertThat(markers.stream().filter(this::created))
          .as("some triggers create instances")
          .isNotEmpty();
    }
  }

  private String trigger(String marker) {
    String workflow = WORKFLOWS.get(random.nextInt(WORKFLOWS.size()));
    String id = IDS.get(random.nextInt(IDS.size()));
    String params = PARAMS.get(random.nextInt(PARAMS.size()));
    // the marker is in the id (so a created instance can be found) unless the id is broken on
    // purpose
    String fullId = id.equals("ok") ? marker : marker + id;
    String json =
        "{\"workflow\":"
            + quote(workflow)
            + ",\"id\":"
            + quote(fullId)
            + ",\"params\":"
            + params
            + "}";
    return switch (random.nextInt(8)) {
      case 0 -> json.substring(0, random.nextInt(json.length())) + " " + marker; // truncated
      case 1 -> "{\"workflow\":\"chain\",\"id\":\"" + marker + "\",\"extra\":1}"; // unknown field
      default -> json;
    };
  }

  private static String quote(String text) {
    return "\""
        + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000")
        + "\"";
  }

  private boolean created(String marker) {
    var config = ConfigProvider.getConfig();
    try (Connection c =
            DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                "");
        PreparedStatement q =
            c.prepareStatement("select count(*) from workflow_instance where instance_id like ?")) {
      q.setString(1, marker + "%");
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
