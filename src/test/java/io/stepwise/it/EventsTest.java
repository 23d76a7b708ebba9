package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.stepwise.faults.FaultPoints;
import io.stepwise.messaging.Topics;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** waitForEvent and events sent over REST and Kafka, with the {@code approval} example. */
@QuarkusTest
class EventsTest {

  @Inject FaultPoints faults;

  private static void send(String id, String type, String payload) {
    given()
        .contentType(ContentType.JSON)
        .body(payload)
        .when()
        .post("/api/workflows/approval/instances/{id}/events/{type}", id, type)
        .then()
        .statusCode(202);
  }

  @Test
  void anEventSentWhileTheInstanceWaitsIsItsOutput() {
    String id = Api.create("approval", Map.of("timeoutSeconds", 60));
    JsonPath waiting = Api.awaitStatus("approval", id, "waiting");
    assertThat(waiting.getString("steps[1].type")).isEqualTo("waitForEvent");
    assertThat(waiting.getString("steps[1].eventType")).isEqualTo("approval");

    send(id, "approval", "{\"approved\": true, \"by\": \"ada\"}");

    JsonPath done = Api.awaitEnd("approval", id, Duration.ofSeconds(30));
    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getMap("output")).containsEntry("approved", true).containsEntry("by", "ada");
    assertThat(done.getString("steps[1].output.type")).isEqualTo("approval");
  }

  @Test
  void anEventSentBeforeTheWaitIsKeptAndDeliveredThere() {
    String id = "early-" + UUID.randomUUID();
    faults.arm(FaultPoints.NEXT_STEP_LOST, id, 1); // held queued until the sweeper starts it
    Api.create("approval", id, Map.of("timeoutSeconds", 60));
    assertThat(Api.status("approval", id)).isEqualTo("queued");

    send(id, "approval", "\"yes\"");

    JsonPath done = Api.awaitEnd("approval", id, Duration.ofSeconds(30));
    assertThat(done.getString("output")).isEqualTo("yes");
  }

  @Test
  void aWaitThatTimesOutFailsItsStepAndTheWorkflowCatchesIt() {
    String id = Api.create("approval", Map.of("timeoutSeconds", 1));

    JsonPath done = Api.awaitEnd("approval", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getString("output")).isEqualTo("timed out");
    assertThat(done.getString("steps[1].status")).isEqualTo("errored");
    assertThat(done.getString("steps[1].error.name")).isEqualTo("WaitForEventTimeoutError");
  }

  @Test
  void eachEventIsConsumedOnceAndOthersStayPending() throws Exception {
    String id = Api.create("approval", Map.of("timeoutSeconds", 60));
    Api.awaitStatus("approval", id, "waiting");

    send(id, "other-type", "1");
    send(id, "approval", "\"first\"");
    send(id, "approval", "\"second\"");

    JsonPath done = Api.awaitEnd("approval", id, Duration.ofSeconds(30));
    assertThat(done.getString("output")).isEqualTo("first");
    assertThat(pendingEvents(id)).isEqualTo(2);
  }

  @Test
  void eventsComeOverKafkaToo() throws Exception {
    String id = Api.create("approval", Map.of("timeoutSeconds", 60));
    Api.awaitStatus("approval", id, "waiting");

    try (TestKafka kafka = new TestKafka()) {
      kafka.send(
          Topics.EVENTS,
          id,
          "{\"workflow\":\"approval\",\"id\":\""
              + id
              + "\",\"type\":\"approval\",\"payload\":{\"via\":\"kafka\"}}");
    }

    assertThat(Api.awaitEnd("approval", id, Duration.ofSeconds(30)).getString("output.via"))
        .isEqualTo("kafka");
  }

  @Test
  void eventsThatCannotBeDeliveredAreRefused() {
    String id = Api.create("approval", Map.of("timeoutSeconds", 60));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/{type}", id, "-bad")
        .then()
        .statusCode(400)
        .body("error.message", containsString("invalid event type"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"x\": ")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/approval", id)
        .then()
        .statusCode(400)
        .body("error.message", containsString("malformed JSON"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .when()
        .post(
            "/api/workflows/approval/instances/{id}/events/approval", "nobody-" + UUID.randomUUID())
        .then()
        .statusCode(404);
    given()
        .contentType(ContentType.JSON)
        .body("\"" + "x".repeat(1_100_000) + "\"")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/approval", id)
        .then()
        .statusCode(413)
        .body("error.code", org.hamcrest.Matchers.equalTo("payload_too_large"));

    Api.change("approval", id, Map.of("status", "terminate"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/approval", id)
        .then()
        .statusCode(409)
        .body("error.message", containsString("terminated"));
  }

  @Test
  void aSendRepeatedWithItsIdempotencyKeyIsStoredOnce() throws Exception {
    String id = Api.create("approval", Map.of("timeoutSeconds", 60));
    Api.awaitStatus("approval", id, "waiting");

    sendWithKey(id, "other-type", "k-1", "1")
        .body("duplicate", equalTo(false))
        .body("eventId", equalTo("k-1"));
    sendWithKey(id, "other-type", "k-1", "1").body("duplicate", equalTo(true));
    given()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", "k-1")
        .body("2")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/{type}", id, "other-type")
        .then()
        .statusCode(409)
        .body("error.message", containsString("was used already"));
    sendWithKey(id, "other-type", "k-2", "3").body("duplicate", equalTo(false));
    assertThat(pendingEvents(id)).isEqualTo(2);

    sendWithKey(id, "approval", "k-3", "\"yes\"");
    assertThat(Api.awaitEnd("approval", id, Duration.ofSeconds(30)).getString("output"))
        .isEqualTo("yes");
    // the retry of a send whose answer was lost still succeeds once the instance has ended
    sendWithKey(id, "approval", "k-3", "\"yes\"").body("duplicate", equalTo(true));
    given()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", "k".repeat(201))
        .body("1")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/{type}", id, "approval")
        .then()
        .statusCode(400)
        .body("error.message", containsString("invalid event id"));
  }

  @Test
  void aRecordOfTheEventsTopicIsStoredOncePerEventId() throws Exception {
    String id = Api.create("approval", Map.of("timeoutSeconds", 60));
    Api.awaitStatus("approval", id, "waiting");

    try (TestKafka kafka = new TestKafka()) {
      String sameEvent =
          "{\"workflow\":\"approval\",\"id\":\""
              + id
              + "\",\"type\":\"other-type\",\"eventId\":\"e-1\"}";
      kafka.send(Topics.EVENTS, id, sameEvent);
      kafka.send(Topics.EVENTS, id, sameEvent);
      // keyed by the instance, so taken after the two above
      kafka.send(
          Topics.EVENTS,
          id,
          "{\"workflow\":\"approval\",\"id\":\"" + id + "\",\"type\":\"approval\"}");
    }

    Api.awaitEnd("approval", id, Duration.ofSeconds(30));
    assertThat(pendingEvents(id)).isEqualTo(1);
  }

  @Test
  void anEventWhoseDeliveryWasLostAfterItsCommitIsDeliveredByTheSweeper() {
    String id = Api.create("approval", Map.of("timeoutSeconds", 600));
    Api.awaitStatus("approval", id, "waiting");
    faults.arm(FaultPoints.NEXT_STEP_LOST, id, 1);

    send(id, "approval", "\"late\"");

    assertThat(faults.remaining(FaultPoints.NEXT_STEP_LOST, id))
        .as("the wake-up was lost")
        .isZero();
    JsonPath done = Api.awaitEnd("approval", id, Duration.ofSeconds(30));
    assertThat(done.getString("output")).isEqualTo("late");
  }

  private static ValidatableResponse sendWithKey(
      String id, String type, String key, String payload) {
    return given()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", key)
        .body(payload)
        .when()
        .post("/api/workflows/approval/instances/{id}/events/{type}", id, type)
        .then()
        .statusCode(202);
  }

  private static int pendingEvents(String id) throws Exception {
    var config = ConfigProvider.getConfig();
    try (Connection c =
            DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                "");
        PreparedStatement q =
            c.prepareStatement(
                "select count(*) from workflow_event e join workflow_instance i"
                    + " on e.instance_pk = i.pk where i.instance_id = ? and e.consumed_at is null")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
