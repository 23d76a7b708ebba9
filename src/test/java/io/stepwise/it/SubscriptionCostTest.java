package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.operations.InstanceFeeds;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Idle SSE subscribers of a waiting instance cost the database nothing: they share one feed that
 * reads the instance when it is signalled to have changed, not on a timer per subscriber.
 */
@QuarkusTest
class SubscriptionCostTest {

  private static final int SUBSCRIBERS = 50;
  private static final Duration WINDOW = Duration.ofSeconds(5);

  @Inject InstanceFeeds feeds;

  @TestHTTPResource("/api/workflows/approval/instances/")
  URI instances;

  @Test
  void idleSubscribersCostNoDatabaseWorkAndAllSeeTheNextChange() throws Exception {
    String id = Api.create("approval", Map.of("timeoutSeconds", 600));
    Api.awaitStatus("approval", id, "waiting");
    int before = feeds.followerCount();

    long quietCommits = commitsDuring(() -> feeds.followerCount() == before);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<List<String>> seen = new ArrayList<>();
    List<Stream<String>> streams = new CopyOnWriteArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      List<String> lines = new CopyOnWriteArrayList<>();
      seen.add(lines);
      http.sendAsync(
              HttpRequest.newBuilder(instances.resolve(id + "/subscribe")).build(),
              HttpResponse.BodyHandlers.ofLines())
          .thenAccept(
              response -> {
                streams.add(response.body());
                response.body().forEach(lines::add);
              });
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                feeds.followerCount() == before + SUBSCRIBERS
                    && seen.stream()
                        .allMatch(
                            lines ->
                                lines.stream()
                                    .anyMatch(line -> line.contains("\"status\":\"waiting\""))));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !feeds.reading()); // the joins' reads are over
    long readsIdle = feeds.reads();

    long idleCommits = commitsDuring(() -> feeds.followerCount() == before + SUBSCRIBERS);

    // Polling subscribers made at least one read (two transactions) per subscriber per second:
    // 2 × 50 × 5 = 500 commits over the window. The margin (one commit per subscriber per second)
    // leaves room for what the rest of the service commits meanwhile (sweeper, timers, other
    // tests' instances), which varies by more than a subscriber count between two windows.
    assertThat(idleCommits)
        .as("commits with %d idle subscribers, %d without", SUBSCRIBERS, quietCommits)
        .isLessThan(quietCommits + SUBSCRIBERS * WINDOW.toSeconds());
    assertThat(feeds.reads())
        .as("reads of the instance while its subscribers idled")
        .isEqualTo(readsIdle);

    io.restassured.RestAssured.given()
        .contentType("application/json")
        .body("\"yes\"")
        .post("/api/workflows/approval/instances/{id}/events/approval", id)
        .then()
        .statusCode(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                seen.stream()
                    .allMatch(
                        lines ->
                            lines.stream()
                                .anyMatch(line -> line.contains("\"status\":\"complete\""))));
    streams.forEach(Stream::close);
  }

  /**
   * Transactions committed in the test database during WINDOW, while {@code holds} holds
   * throughout.
   */
  private static long commitsDuring(java.util.concurrent.Callable<Boolean> holds) throws Exception {
    long start = committed();
    await().during(WINDOW).atMost(WINDOW.plusSeconds(5)).until(holds);
    return committed() - start;
  }

  private static long committed() throws SQLException {
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select xact_commit from pg_stat_database where datname = current_database()")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
