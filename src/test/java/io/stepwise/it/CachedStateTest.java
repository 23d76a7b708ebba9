package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.testworkflows.StepGate;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine advances an instance from the state its own last commit left in the cache, and what
 * happened behind the cache's back still counts: an event sent while a step ran, a pause while a
 * timer was on its way.
 */
@QuarkusTest
class CachedStateTest {

  @Inject EngineMetrics metrics;

  @Test
  void aChainAdvancesFromTheCache() {
    double withoutLoadBefore = metrics.cacheHits() + metrics.inlineSteps();
    String id = Api.create("chain", Map.of("steps", 10));
    JsonPath ended = Api.awaitEnd("chain", id, Duration.ofSeconds(30));
    assertThat(ended.getString("status")).isEqualTo("complete");
    assertThat(ended.getInt("output")).isEqualTo(10);
    // The first message finds nothing cached (the engine never committed the new instance); the
    // ten after it (the steps after the first, then the end) start from what the previous commit
    // left: inline, right after it, or from the cache when their message came first.
    assertThat(metrics.cacheHits() + metrics.inlineSteps() - withoutLoadBefore)
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  void anEventSentWhileAStepRunsReachesTheWaitAfterIt() {
    String id = "cached-event-" + UUID.randomUUID();
    Api.create("gated-approval", id, Map.of());
    Api.awaitStatus("gated-approval", id, "running");
    // Sent while "prepare" runs: the state that step's commit caches does not have the event.
    given()
        .contentType(ContentType.JSON)
        .body("\"yes\"")
        .when()
        .post("/api/workflows/gated-approval/instances/{id}/events/approval", id)
        .then()
        .statusCode(202);
    StepGate.open(id);
    JsonPath ended = Api.awaitEnd("gated-approval", id, Duration.ofSeconds(30));
    assertThat(ended.getString("status")).isEqualTo("complete");
    assertThat(ended.getString("output")).isEqualTo("yes");
  }

  @Test
  void aTimerDueForAnInstancePausedMeanwhileDoesNotAdvanceIt() {
    String id = "cached-pause-" + UUID.randomUUID();
    Instant wakeAt = Instant.now().plusSeconds(3);
    Api.create("wake-up", id, Map.of("at", wakeAt.toString()));
    Api.awaitStatus("wake-up", id, "waiting");
    assertThat(Api.change("wake-up", id, Map.of("status", "pause"))).isEqualTo("paused");
    double hitsBefore = metrics.cacheHits();
    double staleBefore = metrics.staleMessages();

    // The timer still fires with the sequence the cached state has: the replay runs from the
    // cache, its commit finds the sequence moved on, the message is handled again from a load
    // and dropped as stale.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metrics.staleMessages() > staleBefore && metrics.cacheHits() > hitsBefore);
    assertThat(Api.status("wake-up", id)).isEqualTo("paused");
    assertThat(Api.get("wake-up", id).getString("output")).isNull();

    Api.change("wake-up", id, Map.of("status", "resume"));
    JsonPath ended = Api.awaitEnd("wake-up", id, Duration.ofSeconds(30));
    assertThat(ended.getString("status")).isEqualTo("complete");
    assertThat(ended.getString("output")).isEqualTo("woke");
  }
}
