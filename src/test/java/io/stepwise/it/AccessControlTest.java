package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys and roles, as outside dev mode: 401 without a valid key, 403 with the wrong role. */
@QuarkusTest
@TestProfile(AccessControlTest.KeysRequired.class)
class AccessControlTest {

  static final String READ_KEY = "read-key-0123456789abcdef";
  static final String OPERATE_KEY = "operate-key-0123456789abcdef";

  public static class KeysRequired implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "stepwise.auth.enabled",
          "true",
          "stepwise.auth.keys.read",
          READ_KEY,
          "stepwise.auth.keys.operate",
          "another-operate-key-0123456789," + OPERATE_KEY);
    }
  }

  private static RequestSpecification as(String key) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key);
  }

  @Test
  void withoutAKeyEveryApiCallIs401WithAJsonBody() {
    given()
        .get("/api/workflows")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("error.code", equalTo("unauthorized"));
    given().get("/api/workflows/chain/instances").then().statusCode(401);
    given().get("/api/workflows/chain/instances/some-id").then().statusCode(401);
    given().get("/api/workflows/chain/instances/some-id/subscribe").then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/workflows/chain/instances")
        .then()
        .statusCode(401);
    given().delete("/api/workflows/chain/instances/some-id").then().statusCode(401);
  }

  @Test
  void aWrongKeyIs401AndTheBodyNeverRepeatsIt() {
    String wrong = "wrong-key-that-must-not-be-echoed";
    as(wrong)
        .get("/api/workflows")
        .then()
        .statusCode(401)
        .body("error.code", equalTo("unauthorized"))
        .body(not(containsString(wrong)));
    given()
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .get("/api/workflows")
        .then()
        .statusCode(401)
        .body("error.message", containsString("Bearer"));
  }

  @Test
  void aReadKeyReadsButMayNotOperate() {
    String id =
        as(OPERATE_KEY)
            .body("{\"params\":{\"steps\":1}}")
            .post("/api/workflows/chain/instances")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    as(READ_KEY).get("/api/workflows").then().statusCode(200);
    as(READ_KEY)
        .get("/api/workflows/chain/instances/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id));
    as(READ_KEY).get("/api/workflows/chain/instances").then().statusCode(200);

    as(READ_KEY)
        .body("{}")
        .post("/api/workflows/chain/instances")
        .then()
        .statusCode(403)
        .body("error.code", equalTo("forbidden"));
    as(READ_KEY)
        .body("{\"status\":\"pause\"}")
        .patch("/api/workflows/chain/instances/" + id + "/status")
        .then()
        .statusCode(403);
    as(READ_KEY)
        .body("{}")
        .post("/api/workflows/chain/instances/" + id + "/events/go")
        .then()
        .statusCode(403);
    as(READ_KEY).delete("/api/workflows/chain/instances/" + id).then().statusCode(403);
    // refused calls changed nothing
    as(READ_KEY).get("/api/workflows/chain/instances/" + id).then().statusCode(200);
  }

  @Test
  void healthAndMetricsStayOpenForProbes() {
    given().get("/q/health/live").then().statusCode(200);
    // Just after this profile's start the consumers may still be joining their groups (503); a
    // probe must never be asked for a key meanwhile.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              int ready = given().get("/q/health/ready").statusCode();
              assertThat(ready).isNotEqualTo(401);
              return ready == 200;
            });
    given().get("/q/metrics").then().statusCode(200);
  }

  @Test
  void theApiDescriptionStaysOpenAndDeclaresTheKey() {
    // The OpenAPI document and Swagger UI describe the API and hold no data: readable without a
    // key.
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"));
    given().get("/q/swagger-ui/").then().statusCode(200);
  }
}
