package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.faults.FaultPoints;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.testworkflows.ExecutionLog;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A commit the database fails (a dropped connection) is made again with the result already
 * computed: the step's body does not run a second time under the same attempt number, which the
 * timeline would not show.
 */
@QuarkusTest
class CommitFailureTest {

  @Inject FaultPoints faults;
  @Inject EngineMetrics metrics;

  @Test
  void aFailedCommitIsMadeAgainWithoutRunningTheBodyAgain() {
    String id = "commit-fails-" + UUID.randomUUID();
    double retriedBefore = metrics.commitRetries();
    faults.arm(FaultPoints.COMMIT_FAILS, id, 3); // the first step's commit fails three times

    Api.create("counting", id, Map.of());
    JsonPath done = Api.awaitEnd("counting", id, Duration.ofSeconds(60));

    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getInt("output")).isEqualTo(111);
    assertThat(faults.remaining(FaultPoints.COMMIT_FAILS, id))
        .as("every armed failure happened")
        .isZero();
    assertThat(metrics.commitRetries() - retriedBefore).isGreaterThanOrEqualTo(3);
    assertThat(ExecutionLog.runs(id, "first")).as("the body ran once").isEqualTo(1);
    assertThat(done.getList("steps[0].attempts")).as("and the timeline says once").hasSize(1);
    assertThat(ExecutionLog.runs(id, "add#1")).isEqualTo(1);
    assertThat(ExecutionLog.runs(id, "add#2")).isEqualTo(1);
  }
}
