package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events nobody waits for cannot pile up on an instance without bound. */
@QuarkusTest
@TestProfile(PendingEventsLimitTest.ThreePending.class)
class PendingEventsLimitTest {

  public static class ThreePending implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("stepwise.events.max-pending", "3");
    }
  }

  @Test
  void anInstanceHoldingTheMostPendingEventsRefusesMoreWith429AndKeepsWhatItHas() {
    String id = "pending-" + UUID.randomUUID();
    Api.create("approval", id, Map.of("timeoutSeconds", 600));
    Api.awaitStatus("approval", id, "waiting");

    for (int i = 0; i < 3; i++) {
      send(id, "nobody-waits-for-this").statusCode(202);
    }
    send(id, "nobody-waits-for-this")
        .statusCode(429)
        .body("error.code", equalTo("too_many_pending_events"))
        .body("error.message", containsString("already holds 3 events"));

    // the event the instance waits for is refused too while the others are pending; what it
    // holds is untouched and it still waits
    send(id, "approval").statusCode(429);
    assertThat(Api.get("approval", id).getString("status")).isEqualTo("waiting");
  }

  private static io.restassured.response.ValidatableResponse send(String id, String type) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"approved\": true}")
        .when()
        .post("/api/workflows/approval/instances/{id}/events/{type}", id, type)
        .then();
  }
}
