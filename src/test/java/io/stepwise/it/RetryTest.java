package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.testworkflows.ExecutionLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RetryTest {

  @Test
  void flakyStepSucceedsOnItsThirdAttemptAfterTheBackoff() {
    String id =
        Api.create(
            "flaky",
            Map.of("failures", 2, "limit", 5, "delayMillis", 300, "backoff", "EXPONENTIAL"));

    JsonPath instance = Api.awaitEnd("flaky", id, Duration.ofSeconds(30));

    assertThat(instance.getString("status")).isEqualTo("complete");
    assertThat(instance.getInt("output")).isEqualTo(3);
    List<Map<String, Object>> attempts = instance.getList("steps[0].attempts");
    assertThat(attempts).extracting(a -> a.get("success")).containsExactly(false, false, true);
    assertThat(attempts).extracting(a -> a.get("number")).containsExactly(1, 2, 3);
    // exponential: 300 ms before the first retry, 600 ms before the second
    assertThat(gap(attempts, 1)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(gap(attempts, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    assertThat(instance.getString("steps[0].status")).isEqualTo("complete");
  }

  @Test
  void failuresBeyondTheLimitEndTheInstanceErrored() {
    String id =
        Api.create(
            "flaky", Map.of("failures", 5, "limit", 2, "delayMillis", 50, "backoff", "CONSTANT"));

    JsonPath instance = Api.awaitEnd("flaky", id, Duration.ofSeconds(30));

    assertThat(instance.getString("status")).isEqualTo("errored");
    assertThat(instance.getList("steps[0].attempts")).hasSize(3);
    assertThat(instance.getString("steps[0].status")).isEqualTo("errored");
    assertThat(instance.getString("error.name")).isEqualTo("IllegalStateException");
    assertThat(instance.getString("error.message")).contains("attempt 3 fails on purpose");
  }

  @Test
  void nonRetryableErrorFailsAtOnce() {
    String id = Api.create("failing", Map.of("mode", "nonRetryable", "catchIt", false));

    JsonPath instance = Api.awaitEnd("failing", id, Duration.ofSeconds(30));

    assertThat(instance.getString("status")).isEqualTo("errored");
    assertThat(instance.getMap("error"))
        .containsEntry("name", "NonRetryableError")
        .containsEntry("message", "card declined");
    assertThat(instance.getList("steps[0].attempts")).hasSize(1);
    assertThat(ExecutionLog.runs(id, "doomed")).isEqualTo(1);
  }

  @Test
  void aCaughtStepFailureLetsTheWorkflowContinue() {
    String id = Api.create("failing", Map.of("mode", "nonRetryable", "catchIt", true));

    JsonPath instance = Api.awaitEnd("failing", id, Duration.ofSeconds(30));

    assertThat(instance.getString("status")).isEqualTo("complete");
    assertThat(instance.getString("output")).isEqualTo("recovered from NonRetryableError");
    assertThat(instance.getList("steps.status")).containsExactly("errored", "complete");
  }

  @Test
  void anAttemptLongerThanItsTimeoutFails() {
    String id = Api.create("failing", Map.of("mode", "timeout", "catchIt", false));

    JsonPath instance = Api.awaitEnd("failing", id, Duration.ofSeconds(30));

    assertThat(instance.getString("status")).isEqualTo("errored");
    assertThat(instance.getString("error.name")).isEqualTo("StepTimeoutError");
    Map<String, Object> attempt = instance.getMap("steps[0].attempts[0]");
    Duration took =
        Duration.between(
            Instant.parse((String) attempt.get("start")),
            Instant.parse((String) attempt.get("end")));
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(200))
        .isLessThan(Duration.ofMillis(2_000));
  }

  /** The wait between the end of attempt {@code i - 1} and the start of attempt {@code i}. */
  private static Duration gap(List<Map<String, Object>> attempts, int i) {
    Instant previousEnd = Instant.parse((String) attempts.get(i - 1).get("end"));
    Instant start = Instant.parse((String) attempts.get(i).get("start"));
    return Duration.between(previousEnd, start);
  }
}
