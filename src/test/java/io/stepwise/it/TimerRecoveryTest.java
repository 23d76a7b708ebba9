package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stepwise.faults.FaultPoints;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Timers across tiers, and the sweeper healing lost messages. The test profile's tiers are 200 ms,
 * 1 s and 3 s; the sweeper's grace is 2 s.
 */
@QuarkusTest
class TimerRecoveryTest {

  @Inject FaultPoints faults;
  @Inject MeterRegistry registry;

  @Test
  void aSleepAcrossSeveralTiersWakesOnTimeAndNeverEarly() {
    double viaLongestTier = forwards("stepwise.timers.3s");
    String id = Api.create("sleepy", Map.of("seconds", 4.5));

    JsonPath done = Api.awaitEnd("sleepy", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("complete");
    Instant wakeAt = Instant.parse(done.getString("steps[1].wakeAt"));
    Instant woke = Instant.parse(done.getString("steps[1].endedAt"));
    assertThat(woke).isAfterOrEqualTo(wakeAt);
    assertThat(Duration.between(wakeAt, woke)).isLessThan(Duration.ofSeconds(2));
    assertThat(forwards("stepwise.timers.3s")).isGreaterThan(viaLongestTier);
  }

  @Test
  void aLostTimerIsDeliveredByTheSweeper() {
    String id = "lost-timer-" + UUID.randomUUID();
    faults.arm(FaultPoints.TIMER_LOST, id, 1);

    create("sleepy", id, Map.of("seconds", 1));
    JsonPath done = Api.awaitEnd("sleepy", id, Duration.ofSeconds(30));

    assertThat(faults.remaining(FaultPoints.TIMER_LOST, id)).isZero();
    assertThat(done.getString("status")).isEqualTo("complete");
    Instant wakeAt = Instant.parse(done.getString("steps[1].wakeAt"));
    // no timer came: the sweeper woke it once the grace had passed
    assertThat(Instant.parse(done.getString("steps[1].endedAt")))
        .isAfterOrEqualTo(wakeAt.plusSeconds(2));
    assertThat(done.getList("steps.collect { it.attempts.size() }")).containsExactly(1, 0, 1);
  }

  @Test
  void aStepMessageLostAfterTheCommitIsPublishedAgain() {
    String id = "lost-step-" + UUID.randomUUID();
    faults.arm(FaultPoints.NEXT_STEP_LOST, id, 2);

    create("chain", id, Map.of("steps", 4));
    JsonPath done = Api.awaitEnd("chain", id, Duration.ofSeconds(30));

    assertThat(faults.remaining(FaultPoints.NEXT_STEP_LOST, id)).isZero();
    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getInt("output")).isEqualTo(4);
    assertThat(done.getList("steps.collect { it.attempts.size() }")).containsOnly(1);
  }

  private double forwards(String tier) {
    var counter = registry.find("stepwise.timer.forwards").tag("tier", tier).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void create(String workflow, String id, Map<String, ?> params) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "params", params))
        .when()
        .post("/api/workflows/{w}/instances", workflow)
        .then()
        .statusCode(201);
  }
}
