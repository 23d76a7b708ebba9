package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.testworkflows.ExecutionLog;
import io.stepwise.testworkflows.ParallelWorkflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Steps started together run at the same time, each with its own retries and record. */
@QuarkusTest
class ParallelStepsTest {

  @Test
  void tenBranchesOfWhichThreeFailTwiceAllCompleteAndEachRecordsItsOwnAttempts() {
    String id =
        Api.create(
            "parallel", Map.of("branches", 10, "flaky", 3, "doomed", false, "bodyMillis", 300));

    JsonPath done = Api.awaitEnd("parallel", id, Duration.ofSeconds(60));

    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("complete");
    assertThat(done.getList("output.results", Integer.class))
        .containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
    List<Map<String, Object>> steps = done.getList("steps");
    assertThat(steps).hasSize(10);
    for (int branch = 0; branch < 10; branch++) {
      int expected = branch < 3 ? 3 : 1;
      assertThat(ExecutionLog.runs(id, "branch-" + branch))
          .as("runs of branch %d", branch)
          .isEqualTo(expected);
      assertThat(done.getList("steps.find { it.count == " + (branch + 1) + " }.attempts"))
          .as("attempts recorded for branch %d", branch)
          .hasSize(expected);
    }
    assertThat(ParallelWorkflow.mostAtOnce(id)).as("bodies running at once").isGreaterThan(1);
  }

  @Test
  void aBranchThatFailsForGoodIsCatchableAndTheOthersResultsAreKept() {
    String id =
        Api.create("parallel", Map.of("branches", 4, "flaky", 0, "doomed", true, "bodyMillis", 10));

    JsonPath done = Api.awaitEnd("parallel", id, Duration.ofSeconds(60));

    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("complete");
    assertThat(done.getString("output.failed")).contains("branch 3 is doomed");
    assertThat(done.getList("output.results", Integer.class)).containsExactly(0, 1, 4);
    for (int branch = 0; branch < 3; branch++) {
      assertThat(ExecutionLog.runs(id, "branch-" + branch)).isEqualTo(1);
    }
  }

  @Test
  void anEventThatComesBeforeTheReminderWinsTheRaceAndTheSleepIsCancelled() {
    String id = Api.create("reminder-race", Map.of("reminderSeconds", 3600));
    Api.awaitStatus("reminder-race", id, "waiting");

    given()
        .contentType("application/json")
        .body("\"approved\"")
        .post("/api/workflows/reminder-race/instances/{id}/events/approval", id)
        .then()
        .statusCode(202);

    JsonPath done = Api.awaitEnd("reminder-race", id, Duration.ofSeconds(30));
    assertThat(done.getString("output")).isEqualTo("approved");
    assertThat(done.getString("steps.find { it.name == 'reminder' }.status")).isEqualTo("errored");
    assertThat(done.getString("steps.find { it.name == 'reminder' }.error.name"))
        .isEqualTo("StepCancelledError");
  }

  @Test
  void aReminderThatEndsFirstWinsTheRaceAndTheWaitIsCancelled() {
    String id = Api.create("reminder-race", Map.of("reminderSeconds", 1));

    JsonPath done = Api.awaitEnd("reminder-race", id, Duration.ofSeconds(30));

    assertThat(done.getString("output")).isEqualTo("reminded");
    assertThat(done.getString("steps.find { it.name == 'approval' }.status")).isEqualTo("errored");
  }
}
