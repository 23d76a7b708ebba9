package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SleepTest {

  @Test
  void sleepyWaitsForItsSleepAndNeverWakesEarly() {
    String id = Api.create("sleepy", Map.of("seconds", 2));

    // Seen while asleep: waiting, with the wake-up time in the timeline.
    JsonPath asleep =
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> Api.get("sleepy", id), json -> "waiting".equals(json.getString("status")));
    Instant wakeAt = Instant.parse(asleep.getString("steps[1].wakeAt"));
    assertThat(asleep.getString("steps[1].type")).isEqualTo("sleep");
    assertThat(asleep.getString("steps[1].status")).isEqualTo("waiting");
    assertThat(Duration.between(Instant.parse(asleep.getString("steps[1].startedAt")), wakeAt))
        .isEqualTo(Duration.ofSeconds(2));

    JsonPath done = Api.awaitEnd("sleepy", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getString("output")).isEqualTo("awake, then awake again");
    assertThat(Instant.parse(done.getString("steps[1].endedAt"))).isAfterOrEqualTo(wakeAt);
    assertThat(Instant.parse(done.getString("steps[2].startedAt"))).isAfterOrEqualTo(wakeAt);
    assertThat(Instant.parse(done.getString("endedAt"))).isAfterOrEqualTo(wakeAt);
  }

  @Test
  void sleepUntilAFutureInstantWakesAfterIt() {
    // Far enough ahead that the instance's first replay comes before it even when this test is the
    // first of a fresh service (whose first queries are parsed then: seconds on a loaded machine).
    Instant at = Instant.now().plusSeconds(5);
    String id = Api.create("wake-up", Map.of("at", at.toString()));

    JsonPath done = Api.awaitEnd("wake-up", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(Instant.parse(done.getString("steps[0].endedAt"))).isAfterOrEqualTo(at);
  }

  @Test
  void sleepUntilThePastIsRefused() {
    String id = Api.create("wake-up", Map.of("at", Instant.now().minusSeconds(60).toString()));

    JsonPath done = Api.awaitEnd("wake-up", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("errored");
    assertThat(done.getString("error.name")).isEqualTo("IllegalArgumentException");
    assertThat(done.getString("error.message")).contains("is in the past");
    assertThat(done.getList("steps")).isEmpty();
  }
}
