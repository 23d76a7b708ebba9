package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.stepwise.schedules.CronScheduler;
import io.stepwise.schedules.Schedule;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(CronTest.CronOn.class)
class CronTest {

  /** Cron on, catching up every firing of the last 5 s, and a schedule set in configuration. */
  public static class CronOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "stepwise.cron.enabled", "true",
          "stepwise.cron.catch-up", "all",
          "stepwise.cron.catch-up-window", "PT5S",
          "stepwise.schedules.heartbeat", "*/2 * * * * ?");
    }
  }

  @Inject CronScheduler cron;

  @Test
  void everyFiringCreatesExactlyOneInstanceAndMissedOnesAreCaughtUp() {
    Instant testStart = Instant.now();

    List<Instant> fired =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> firings("ticker"),
                f -> f.size() >= 8 && f.get(f.size() - 1).isAfter(testStart.plusSeconds(2)));

    // one instance per second, no gap, none twice
    for (int i = 1; i < fired.size(); i++) {
      assertThat(Duration.between(fired.get(i - 1), fired.get(i))).isEqualTo(Duration.ofSeconds(1));
    }
    // the firings of the seconds before the service started were caught up
    assertThat(fired.get(0)).isBefore(testStart.minusSeconds(2));

    JsonPath one = Api.awaitEnd("ticker", ids("ticker").get(0), Duration.ofSeconds(30));
    assertThat(one.getString("params.cron")).isEqualTo("* * * * * ?");
    assertThat(one.getString("output")).isEqualTo("tick " + one.getString("params.scheduledTime"));
  }

  @Test
  void aSecondReplicaFiringTheSameTimeCreatesNothing() throws Throwable {
    Schedule ticker =
        cron.schedules().stream()
            .filter(s -> s.workflow().equals("ticker"))
            .findFirst()
            .orElseThrow();
    List<Instant> before =
        await().atMost(Duration.ofSeconds(30)).until(() -> firings("ticker"), f -> !f.isEmpty());
    Instant already = before.get(before.size() - 1);

    // what another replica does when its scheduler fires the same second
    VertxContextSupport.subscribeAndAwait(() -> cron.fire(ticker, already));

    List<Instant> after = firings("ticker");
    assertThat(after.stream().filter(already::equals)).hasSize(1);
  }

  @Test
  void schedulesFromConfigurationRunToo() {
    List<Instant> fired =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> firings("heartbeat"), f -> f.size() >= 2);
    assertThat(fired).allSatisfy(t -> assertThat(t.getEpochSecond() % 2).isZero());
  }

  /** The scheduled times of the workflow's cron instances, oldest first. */
  private static List<Instant> firings(String workflow) {
    return given()
        .queryParam("limit", 100)
        .when()
        .get("/api/workflows/{w}/instances", workflow)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("instances.id", String.class)
        .stream()
        .filter(id -> id.startsWith("cron-"))
        .map(
            id ->
                Instant.parse(
                    id.substring(5, 9)
                        + "-"
                        + id.substring(9, 11)
                        + "-"
                        + id.substring(11, 13)
                        + "T"
                        + id.substring(14, 16)
                        + ":"
                        + id.substring(16, 18)
                        + ":"
                        + id.substring(18, 20)
                        + "Z"))
        .sorted()
        .toList();
  }

  private static List<String> ids(String workflow) {
    return given()
        .queryParam("limit", 100)
        .when()
        .get("/api/workflows/{w}/instances", workflow)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("instances.id", String.class);
  }
}
