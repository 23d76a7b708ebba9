package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stepwise.runtime.announce.InstanceSignals;
import io.stepwise.testworkflows.StepGate;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST …/instances?wait=} and {@code GET …/instances/{id}?wait=}: answered when the instance
 * ends.
 */
@QuarkusTest
class CreateAndWaitTest {

  @TestHTTPResource("/")
  URL service;

  @Inject InstanceSignals signals;

  @Test
  void aCreateThatWaitsAnswersTheEndedInstanceWithItsOutput() {
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("params", Map.of("steps", 5)))
            .when()
            .post("/api/workflows/chain/instances?wait=30s");
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    assertThat(response.jsonPath().getString("status")).isEqualTo("complete");
    assertThat(response.jsonPath().getInt("output")).isEqualTo(5);
    assertThat(response.jsonPath().getList("steps")).hasSize(5);
  }

  @Test
  void aWaitThatPassesFirstAnswers202WithTheInstanceAsItIs() {
    String id = "wait-" + UUID.randomUUID();
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("id", id))
            .when()
            .post("/api/workflows/slow/instances?wait=300ms");
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
    assertThat(response.jsonPath().getString("id")).isEqualTo(id);
    assertThat(response.jsonPath().getString("status")).isIn("queued", "running");

    StepGate.open(id);
    Response ended = given().when().get("/api/workflows/slow/instances/{id}?wait=PT30S", id);
    assertThat(ended.statusCode()).isEqualTo(200);
    assertThat(ended.jsonPath().getString("output")).isEqualTo("done");
  }

  @Test
  void aLongPollIsAnsweredWhenTheInstanceEndsNotAtItsDeadline() {
    String id = "poll-" + UUID.randomUUID();
    Api.create("slow", id, Map.of());
    CompletableFuture<Response> poll =
        CompletableFuture.supplyAsync(
            () -> given().when().get("/api/workflows/slow/instances/{id}?wait=5m", id));
    await().atMost(Duration.ofSeconds(30)).until(() -> signals.followerCount() >= 1);
    StepGate.open(id);
    // answered by the end's signal: long before the five minutes of the wait
    Response response = poll.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.jsonPath().getString("status")).isEqualTo("complete");
    await().atMost(Duration.ofSeconds(10)).until(() -> signals.followerCount() == 0);
  }

  @Test
  void aThousandWaitersAreAllAnsweredAndLeaveNothingBehind() throws Exception {
    String id = "waiters-" + UUID.randomUUID();
    Api.create("slow", id, Map.of());
    int waiters = 1000;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    HttpRequest poll =
        HttpRequest.newBuilder(
                URI.create(service + "api/workflows/slow/instances/" + id + "?wait=2m"))
            .timeout(Duration.ofMinutes(3))
            .GET()
            .build();
    List<CompletableFuture<HttpResponse<String>>> answers =
        IntStream.range(0, waiters)
            .mapToObj(i -> http.sendAsync(poll, HttpResponse.BodyHandlers.ofString()))
            .toList();
    await().atMost(Duration.ofSeconds(60)).until(() -> signals.followerCount() >= waiters);
    StepGate.open(id);
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .get(120, java.util.concurrent.TimeUnit.SECONDS);
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
      assertThat(answer.get().body()).contains("\"status\":\"complete\"");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> signals.followerCount() == 0);
  }

  @Test
  void aWaitThatIsMalformedOrOverFiveMinutesIsRefusedAndCreatesNothing() {
    String id = "bad-wait-" + UUID.randomUUID();
    for (String wait : List.of("soon", "6m", "PT5M1S", "-1s")) {
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("id", id, "params", Map.of("steps", 1)))
          .when()
          .post("/api/workflows/chain/instances?wait=" + wait)
          .then()
          .statusCode(400)
          .body("error.code", org.hamcrest.Matchers.equalTo("invalid_request"))
          .body("error.message", org.hamcrest.Matchers.containsString("wait '" + wait + "'"));
    }
    given().when().get("/api/workflows/chain/instances/{id}", id).then().statusCode(404);
    given().when().get("/api/workflows/chain/instances/{id}?wait=10x", id).then().statusCode(400);
  }

  @Test
  void aLongPollOfAnInstanceThatDoesNotExistIs404() {
    given()
        .when()
        .get("/api/workflows/chain/instances/{id}?wait=1s", "no-such-" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("error.code", org.hamcrest.Matchers.equalTo("instance_not_found"));
  }
}
