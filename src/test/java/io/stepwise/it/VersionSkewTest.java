package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.messaging.Topics;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * During a rolling deploy a replica may get the step of a workflow only newer replicas have: that
 * message is version skew, not garbage, and must not be dead-lettered.
 */
@QuarkusTest
class VersionSkewTest {

  @Inject MeterRegistry registry;

  @Test
  void aStepOfAWorkflowThisReplicaLacksIsLeftForAnotherNotDeadLettered() throws Exception {
    String workflow = "added-in-the-next-release-" + ThreadLocalRandom.current().nextInt(1_000_000);
    String id = "skew-" + UUID.randomUUID();
    long pk = 8_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    double leftBefore = registry.counter("stepwise.steps.unknown.workflow").count();
    // an instance a newer replica created: its workflow is not deployed here
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into workflow_instance"
                    + " (pk, workflow, instance_id, status, seq, created_at, updated_at) values (?, ?, ?, 'queued', 1, now(), now())")) {
      insert.setLong(1, pk);
      insert.setString(2, workflow);
      insert.setString(3, id);
      insert.executeUpdate();
    }
    String step = "{\"instance\":" + pk + ",\"seq\":1}";
    try (TestKafka kafka = new TestKafka()) {
      KafkaConsumer<String, String> dlq = kafka.consumerFromStart(Topics.DLQ);
      kafka.send(Topics.STEPS, String.valueOf(pk), step);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> registry.counter("stepwise.steps.unknown.workflow").count() > leftBefore);
      // handled: the counter moved where a dead letter would have been sent instead; and none was
      List<String> dead = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                TestKafka.poll(dlq).forEach(r -> dead.add(r.value()));
                Set<TopicPartition> assigned = dlq.assignment();
                Map<TopicPartition, Long> ends = dlq.endOffsets(assigned);
                return !assigned.isEmpty()
                    && assigned.stream().allMatch(p -> dlq.position(p) >= ends.get(p));
              });
      assertThat(dead).doesNotContain(step);
      TestDatabase.Row untouched = TestDatabase.instance(workflow, id);
      assertThat(untouched.status()).isEqualTo("queued");
      assertThat(untouched.seq()).isEqualTo(1);
    } finally {
      try (Connection c = TestDatabase.connect();
          PreparedStatement delete =
              c.prepareStatement("delete from workflow_instance where pk = ?")) {
        delete.setLong(1, pk);
        delete.executeUpdate();
      }
    }
  }
}
