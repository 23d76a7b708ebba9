package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.messaging.Topics;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.testworkflows.ExecutionLog;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReplayTest {

  @Inject EngineMetrics metrics;

  @Test
  void everyStepBodyRunsOnceAndResultsReplay() {
    String id = Api.create("counting", Map.of());

    JsonPath instance = Api.awaitEnd("counting", id, Duration.ofSeconds(30));

    assertThat(instance.getString("status")).isEqualTo("complete");
    assertThat(instance.getInt("output")).isEqualTo(111);
    assertThat(instance.getList("steps.name")).containsExactly("first", "add", "pause", "add");
    assertThat(instance.getList("steps.count", Integer.class)).containsExactly(1, 1, 1, 2);
    assertThat(instance.getList("steps.output")).containsExactly(1, 11, null, 111);
    for (String step : List.of("first", "add#1", "add#2")) {
      assertThat(ExecutionLog.runs(id, step)).as(step).isEqualTo(1);
    }
  }

  @Test
  void staleAndDuplicatedStepMessagesAreDropped() throws Exception {
    String id = Api.create("counting", Map.of());
    Api.awaitEnd("counting", id, Duration.ofSeconds(30));
    TestDatabase.Row row = TestDatabase.instance("counting", id);
    double staleBefore = metrics.staleMessages();

    try (TestKafka kafka = new TestKafka()) {
      for (long seq = 0; seq <= row.seq(); seq++) {
        kafka.send(
            Topics.STEPS,
            Long.toString(row.pk()),
            "{\"instance\":" + row.pk() + ",\"seq\":" + seq + "}");
      }
      // and a duplicate of the very first message, once more
      kafka.send(
          Topics.STEPS, Long.toString(row.pk()), "{\"instance\":" + row.pk() + ",\"seq\":0}");
    }

    long sent = row.seq() + 2;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metrics.staleMessages() >= staleBefore + sent);
    for (String step : List.of("first", "add#1", "add#2")) {
      assertThat(ExecutionLog.runs(id, step)).as(step).isEqualTo(1);
    }
    assertThat(TestDatabase.instance("counting", id).seq()).isEqualTo(row.seq());
    assertThat(Api.get("counting", id).getString("status")).isEqualTo("complete");
  }
}
