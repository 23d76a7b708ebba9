package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.testworkflows.ExecutionLog;
import io.stepwise.testworkflows.StepGate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While a step's body runs, the instance shows the attempt in progress; once it ends, it does not.
 */
@QuarkusTest
class AttemptInProgressTest {

  @Test
  void theInstanceShowsWhenTheRunningAttemptStarted() {
    Instant before = Instant.now().minusSeconds(1);
    String id = Api.create("slow", Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "slow step") == 1);

    JsonPath running = Api.get("slow", id);
    assertThat(running.getString("status")).isEqualTo("running");
    assertThat(running.getList("steps"))
        .as("the step has no record until its attempt ends")
        .isEmpty();
    assertThat(Instant.parse(running.getString("attemptRunningSince")))
        .isAfter(before)
        .isBefore(Instant.now());

    StepGate.open(id);
    JsonPath done = Api.awaitStatus("slow", id, "complete");
    assertThat(done.getString("attemptRunningSince")).isNull();
  }
}
