package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.faults.FaultPoints;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.testworkflows.ExecutionLog;
import io.stepwise.testworkflows.StepGate;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pause, resume, terminate and restart in every status, and every transition of the status table:
 * after the class's last test, a check fails if its own instances never took one.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleTest {

  @Inject FaultPoints faults;
  @Inject EngineMetrics metrics;

  private static final Map<String, Object> PAUSE = Map.of("status", "pause");
  private static final Map<String, Object> RESUME = Map.of("status", "resume");
  private static final Map<String, Object> TERMINATE = Map.of("status", "terminate");
  private static final Map<String, Object> RESTART = Map.of("status", "restart");

  /**
   * The instances this class created: only their transitions count towards the table's coverage.
   */
  private static final Set<String> MINE = ConcurrentHashMap.newKeySet();

  private static final Set<String> TAKEN = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger TESTS_RUN = new AtomicInteger();
  private static Runnable stopObserving;

  @BeforeEach
  void observeTransitions() {
    if (stopObserving == null) {
      stopObserving =
          metrics.observeTransitions(
              (id, from, to) -> {
                if (MINE.contains(id)) {
                  TAKEN.add(from.wireName() + " → " + to.wireName());
                }
              });
    }
  }

  @AfterEach
  void countTest() {
    TESTS_RUN.incrementAndGet();
  }

  /** Creates an instance whose transitions this class counts (its id known before it moves). */
  private static String create(String workflow, Map<String, ?> params) {
    String id = workflow + "-" + UUID.randomUUID();
    create(workflow, id, params);
    return id;
  }

  private static void create(String workflow, String id, Map<String, ?> params) {
    MINE.add(id);
    Api.create(workflow, id, params);
  }

  /** An instance held in "queued": its first step message is lost until the sweeper's grace. */
  private String queued(String workflow, Map<String, ?> params) {
    String id = workflow + "-" + UUID.randomUUID();
    faults.arm(FaultPoints.NEXT_STEP_LOST, id, 1);
    create(workflow, id, params);
    return id;
  }

  /** A slow instance whose first step is running now, held there until its gate opens. */
  private static String runningSlowly() {
    String id = create("slow", Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> ExecutionLog.runs(id, "slow step") == 1);
    return id;
  }

  /** A sleepy instance asleep now. */
  private static String sleeping(double seconds) {
    String id = create("sleepy", Map.of("seconds", seconds));
    Api.awaitStatus("sleepy", id, "waiting");
    return id;
  }

  @Test
  @Order(1)
  void pauseLetsTheRunningStepFinishThenResumeContinues() {
    String id = runningSlowly();

    assertThat(Api.change("slow", id, PAUSE)).isEqualTo("waitingForPause");
    StepGate.open(id);
    JsonPath paused = Api.awaitStatus("slow", id, "paused");
    assertThat(paused.getString("steps[0].status")).isEqualTo("complete");
    assertThat(paused.getList("steps")).hasSize(1);
    assertThat(ExecutionLog.runs(id, "quick step")).isZero();

    assertThat(Api.change("slow", id, RESUME)).isEqualTo("running");
    JsonPath done = Api.awaitEnd("slow", id, Duration.ofSeconds(30));
    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(ExecutionLog.runs(id, "slow step")).isEqualTo(1);
    assertThat(ExecutionLog.runs(id, "quick step")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aPausedInstancesTimerDoesNotAdvanceIt() {
    String id = sleeping(0.5);
    assertThat(Api.change("sleepy", id, PAUSE)).isEqualTo("paused");
    Instant wakeAt = Instant.parse(Api.get("sleepy", id).getString("steps[1].wakeAt"));

    // well past the wake-up time (and the sweeper's grace), it is still paused
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(wakeAt.plusSeconds(3)));
    assertThat(Api.status("sleepy", id)).isEqualTo("paused");
    assertThat(Api.get("sleepy", id).getString("steps[1].status")).isEqualTo("waiting");

    Api.change("sleepy", id, RESUME);
    assertThat(Api.awaitEnd("sleepy", id, Duration.ofSeconds(30)).getString("status"))
        .isEqualTo("complete");
  }

  @Test
  @Order(2)
  void pausingDuringARetryBackOffHoldsTheRetryUntilResume() {
    String id =
        create(
            "flaky", Map.of("failures", 1, "limit", 3, "delayMillis", 500, "backoff", "CONSTANT"));
    JsonPath backingOff = Api.awaitStatus("flaky", id, "waiting");
    assertThat(backingOff.getString("steps[0].status")).isEqualTo("waiting");
    assertThat(Api.change("flaky", id, PAUSE)).isEqualTo("paused");
    Instant retryAt = Instant.parse(Api.get("flaky", id).getString("steps[0].wakeAt"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(retryAt.plusSeconds(3)));
    JsonPath held = Api.get("flaky", id);
    assertThat(held.getString("status")).isEqualTo("paused");
    assertThat(held.getList("steps[0].attempts")).hasSize(1);

    Api.change("flaky", id, RESUME);
    JsonPath done = Api.awaitEnd("flaky", id, Duration.ofSeconds(30));
    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getList("steps[0].attempts")).hasSize(2);
  }

  @Test
  @Order(3)
  void terminateEndsAtOnceAndTheStepInFlightIsIgnored() {
    String running = runningSlowly();
    assertThat(Api.change("slow", running, TERMINATE)).isEqualTo("terminated");
    // the slow body finishes, but its result is never recorded and nothing runs after it
    double lostBefore = metrics.lostRaces();
    StepGate.open(running);
    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.lostRaces() > lostBefore);
    JsonPath terminated = Api.get("slow", running);
    assertThat(terminated.getString("status")).isEqualTo("terminated");
    assertThat(terminated.getString("endedAt")).isNotNull();
    assertThat(terminated.getList("steps")).isEmpty();
    assertThat(ExecutionLog.runs(running, "quick step")).isZero();

    String asleep = sleeping(5);
    assertThat(Api.change("sleepy", asleep, TERMINATE)).isEqualTo("terminated");

    String queued = queued("chain", Map.of("steps", 1));
    assertThat(Api.change("chain", queued, TERMINATE)).isEqualTo("terminated");
  }

  @Test
  @Order(4)
  void operationsThatDoNotFitTheStatusAre409() {
    String id = create("chain", Map.of("steps", 1));
    Api.awaitEnd("chain", id, Duration.ofSeconds(30));

    for (Map<String, Object> op : List.of(PAUSE, RESUME, TERMINATE)) {
      given()
          .contentType(ContentType.JSON)
          .body(op)
          .when()
          .patch("/api/workflows/chain/instances/{id}/status", id)
          .then()
          .statusCode(409)
          .body("error.code", org.hamcrest.Matchers.equalTo("status_conflict"))
          .body("error.message", containsString("it is complete"));
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "explode"))
        .when()
        .patch("/api/workflows/chain/instances/{id}/status", id)
        .then()
        .statusCode(400)
        .body("error.message", containsString("unknown status change 'explode'"));
    given()
        .contentType(ContentType.JSON)
        .body(RESUME)
        .when()
        .patch("/api/workflows/chain/instances/{id}/status", "nobody-" + UUID.randomUUID())
        .then()
        .statusCode(404);
  }

  @Test
  @Order(5)
  void restartRunsAgainFromTheStartOrFromAStep() {
    String id = create("counting", Map.of());
    Api.awaitEnd("counting", id, Duration.ofSeconds(30));

    assertThat(
            Api.change(
                "counting",
                id,
                Map.of("status", "restart", "from", Map.of("name", "add", "count", 2))))
        .isEqualTo("queued");
    JsonPath again =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () -> Api.get("counting", id),
                json ->
                    "complete".equals(json.getString("status"))
                        && ExecutionLog.runs(id, "add#2") == 2);
    assertThat(again.getInt("output")).isEqualTo(111);
    assertThat(ExecutionLog.runs(id, "first")).isEqualTo(1);
    assertThat(ExecutionLog.runs(id, "add#1")).isEqualTo(1);

    Api.change("counting", id, RESTART);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ExecutionLog.runs(id, "first") == 2
                    && "complete".equals(Api.status("counting", id)));

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("status", "restart", "from", Map.of("name", "nope")))
        .when()
        .patch("/api/workflows/counting/instances/{id}/status", id)
        .then()
        .statusCode(409)
        .body("error.message", containsString("no such step"));
  }

  @Test
  @Order(6)
  void everyOperationInEveryStatusWhereItFits() {
    // queued → paused → running (resume) → complete; queued → queued (restart)
    String q1 = queued("chain", Map.of("steps", 1));
    assertThat(Api.change("chain", q1, PAUSE)).isEqualTo("paused");
    assertThat(Api.change("chain", q1, RESUME)).isEqualTo("running");
    Api.awaitEnd("chain", q1, Duration.ofSeconds(30));
    String q2 = queued("chain", Map.of("steps", 1));
    assertThat(Api.change("chain", q2, RESTART)).isEqualTo("queued");
    Api.awaitEnd("chain", q2, Duration.ofSeconds(30));

    // running → queued (restart while the step runs), then it runs again to the end
    String r = runningSlowly();
    assertThat(Api.change("slow", r, RESTART)).isEqualTo("queued");
    StepGate.open(r);
    Api.awaitEnd("slow", r, Duration.ofSeconds(30));
    assertThat(ExecutionLog.runs(r, "slow step")).isEqualTo(2);

    // waitingForPause → terminated, and → queued
    String p1 = runningSlowly();
    Api.change("slow", p1, PAUSE);
    assertThat(Api.change("slow", p1, TERMINATE)).isEqualTo("terminated");
    StepGate.open(p1);
    String p2 = runningSlowly();
    Api.change("slow", p2, PAUSE);
    assertThat(Api.change("slow", p2, RESTART)).isEqualTo("queued");
    StepGate.open(p2);
    Api.awaitEnd("slow", p2, Duration.ofSeconds(30));

    // waiting → queued; paused → terminated; paused → queued
    String w = sleeping(5);
    assertThat(Api.change("sleepy", w, RESTART)).isEqualTo("queued");
    String pt = sleeping(5);
    Api.change("sleepy", pt, PAUSE);
    assertThat(Api.change("sleepy", pt, TERMINATE)).isEqualTo("terminated");
    String pr = sleeping(5);
    Api.change("sleepy", pr, PAUSE);
    assertThat(Api.change("sleepy", pr, RESTART)).isEqualTo("queued");

    // errored, terminated → queued
    String e = create("flaky", Map.of("failures", 3, "limit", 0));
    Api.awaitEnd("flaky", e, Duration.ofSeconds(30));
    assertThat(Api.change("flaky", e, RESTART)).isEqualTo("queued");
    assertThat(Api.change("sleepy", pt, RESTART)).isEqualTo("queued");
  }

  @Test
  @Order(7)
  void unusualShapesTakeTheirTransitions() {
    assertThat(
            Api.awaitEnd(
                    "shapes", create("shapes", Map.of("shape", "instant")), Duration.ofSeconds(30))
                .getString("status"))
        .isEqualTo("complete");
    assertThat(
            Api.awaitEnd(
                    "shapes", create("shapes", Map.of("shape", "sleeps")), Duration.ofSeconds(30))
                .getString("status"))
        .isEqualTo("complete");
    JsonPath failed =
        Api.awaitEnd(
            "shapes", create("shapes", Map.of("shape", "sleepThenFail")), Duration.ofSeconds(30));
    assertThat(failed.getString("error.message")).isEqualTo("failed after sleeping");
    String queuedToErrored =
        create("wake-up", Map.of("at", Instant.now().minusSeconds(1).toString()));
    Api.awaitEnd("wake-up", queuedToErrored, Duration.ofSeconds(30));
  }

  /**
   * Every transition of the status table was taken by this class's own instances, whatever order
   * its tests ran in and whatever other tests ran in this JVM. Checked when every test of the class
   * ran (not when a subset was picked).
   */
  @AfterAll
  static void everyTransitionOfTheTableWasTaken() {
    stopObserving.run();
    stopObserving = null;
    long tests =
        Arrays.stream(LifecycleTest.class.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Test.class))
            .count();
    if (TESTS_RUN.get() < tests) {
      return;
    }
    // the last transitions are recorded just after their commit, which a test may see first
    await().atMost(Duration.ofSeconds(10)).until(() -> neverTaken().isEmpty());
    assertThat(neverTaken()).as("transitions of the status table no test took").isEmpty();
  }

  private static List<String> neverTaken() {
    List<String> never = new ArrayList<>();
    InstanceStatus.transitions()
        .forEach(
            (from, tos) ->
                tos.forEach(
                    to -> {
                      if (!TAKEN.contains(from.wireName() + " → " + to.wireName())) {
                        never.add(from.wireName() + " → " + to.wireName());
                      }
                    }));
    return never;
  }
}
