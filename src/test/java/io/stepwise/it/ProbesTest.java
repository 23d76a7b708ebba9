package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Probes of the running service that the HTTP layer used to answer with an empty body (issue 19):
 * each gets a JSON error, stores nothing and leaves the service serving.
 */
@QuarkusTest
class ProbesTest {

  private static final int TEN_MB = 10 * 1024 * 1024;

  @Test
  void aChunkedCreateBodyOverTheLimitIsAJson413AndCreatesNothing() throws Exception {
    String id = "chunked-" + UUID.randomUUID();
    RawHttp.Answer answer =
        RawHttp.postChunked(
            "/api/workflows/chain/instances",
            "{\"id\": \"" + id + "\", \"params\": {\"steps\": 1, \"padding\": \"",
            TEN_MB,
            "\"}}");

    assertThat(answer.status()).isEqualTo(413);
    assertJsonError(answer, "payload_too_large");
    given().get("/api/workflows/chain/instances/{id}", id).then().statusCode(404);
    given().get("/api/workflows").then().statusCode(200);
  }

  @Test
  void aChunkedEventBodyOverTheLimitIsAJson413AndDeliversNothing() throws Exception {
    String id = Api.create("approval", Map.of("timeoutSeconds", 600));
    Api.awaitStatus("approval", id, "waiting");

    RawHttp.Answer answer =
        RawHttp.postChunked(
            "/api/workflows/approval/instances/" + id + "/events/approval", "\"", TEN_MB, "\"");

    assertThat(answer.status()).isEqualTo(413);
    assertJsonError(answer, "payload_too_large");
    assertThat(Api.status("approval", id)).isEqualTo("waiting");
    given().get("/api/workflows").then().statusCode(200);
  }

  @Test
  void aChunkedBodyWithinTheLimitIsReadWhole() throws Exception {
    String id = "chunked-small-" + UUID.randomUUID();
    RawHttp.Answer answer =
        RawHttp.postChunked(
            "/api/workflows/chain/instances",
            "{\"id\": \"" + id + "\", \"params\": {\"steps\": 1}",
            0,
            "}");

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(JsonPath.from(answer.body()).getString("id")).isEqualTo(id);
  }

  @Test
  void aPathWithDotSegmentsIsAJson400NotTheResourceItLeadsTo() throws Exception {
    for (String path :
        new String[] {
          "/api/workflows/../../q/metrics",
          "/api/workflows/%2e%2e/%2E%2E/q/metrics",
          "/api/./workflows"
        }) {
      for (String accept : new String[] {"application/json", "*/*"}) {
        RawHttp.Answer answer = RawHttp.get(path, accept);
        assertThat(answer.status()).as(path + " " + accept).isEqualTo(400);
        assertJsonError(answer, "invalid_path");
      }
    }
    given().get("/api/workflows").then().statusCode(200);
  }

  @Test
  void metricsRefuseAnAcceptTheyCannotServeWithJsonAndServeTheirOwn() throws Exception {
    RawHttp.Answer refused = RawHttp.get("/q/metrics", "application/json");
    assertThat(refused.status()).isEqualTo(406);
    assertJsonError(refused, "not_acceptable");

    assertThat(RawHttp.get("/q/metrics", "text/plain").status()).isEqualTo(200);
    assertThat(RawHttp.get("/q/metrics", "*/*").status()).isEqualTo(200);
    given().get("/q/metrics").then().statusCode(200);
  }

  @Test
  void theApisOwnMethodAndPathErrorsAreJson() throws Exception {
    given()
        .put("/api/workflows")
        .then()
        .statusCode(405)
        .contentType("application/json")
        .body("error.code", org.hamcrest.Matchers.equalTo("method_not_allowed"));
    given()
        .get("/api/no-such-thing")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error.code", org.hamcrest.Matchers.equalTo("not_found"));
  }

  private static void assertJsonError(RawHttp.Answer answer, String code) {
    assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
    assertThat(JsonPath.from(answer.body()).getString("error.code")).isEqualTo(code);
    assertThat(JsonPath.from(answer.body()).getString("error.message")).isNotBlank();
  }
}
