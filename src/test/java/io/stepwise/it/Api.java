package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;

/** The REST calls the tests make, in one place. */
final class Api {

  private Api() {}

  /** Creates an instance and answers its id. */
  static String create(String workflow, Map<String, ?> params) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("params", params))
        .when()
        .post("/api/workflows/{w}/instances", workflow)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Creates an instance with a chosen id. */
  static void create(String workflow, String id, Map<String, ?> params) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "params", params))
        .when()
        .post("/api/workflows/{w}/instances", workflow)
        .then()
        .statusCode(201);
  }

  /** PATCHes the status; answers the new status. */
  static String change(String workflow, String id, Map<String, ?> body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .patch("/api/workflows/{w}/instances/{id}/status", workflow, id)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }

  static String status(String workflow, String id) {
    return get(workflow, id).getString("status");
  }

  /** Waits until the instance has {@code status}. */
  static JsonPath awaitStatus(String workflow, String id, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(25))
        .ignoreExceptions()
        .until(() -> get(workflow, id), json -> status.equals(json.getString("status")));
  }

  static JsonPath get(String workflow, String id) {
    return given()
        .when()
        .get("/api/workflows/{w}/instances/{id}", workflow, id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /**
   * Waits until the instance exists and has ended (complete, errored or terminated) and answers it.
   */
  static JsonPath awaitEnd(String workflow, String id, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> get(workflow, id), json -> json.getString("endedAt") != null);
  }
}
