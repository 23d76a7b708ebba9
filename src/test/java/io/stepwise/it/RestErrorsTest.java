package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RestErrorsTest {

  @Test
  void listsTheRegisteredWorkflows() {
    given()
        .when()
        .get("/api/workflows")
        .then()
        .statusCode(200)
        .body("name", hasItems("workflows-starter", "chain", "flaky", "sleepy"));
  }

  @Test
  void createAnswersTheIdAndStatusAndMakesAUuidWhenNoIdIsGiven() {
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .when()
        .post("/api/workflows/chain/instances")
        .then()
        .statusCode(201)
        .body("id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"))
        .body("status", equalTo("queued"));
  }

  @Test
  void unknownWorkflowIs404() {
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .when()
        .post("/api/workflows/no-such-workflow/instances")
        .then()
        .statusCode(404)
        .body("error.code", equalTo("workflow_not_found"))
        .body("error.message", containsString("no-such-workflow"));
    given().when().get("/api/workflows/no-such-workflow/instances").then().statusCode(404);
  }

  @Test
  void unknownInstanceIs404() {
    given()
        .when()
        .get("/api/workflows/chain/instances/nobody-" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("error.code", equalTo("instance_not_found"));
  }

  @Test
  void anIdUsedTwiceIs409AndTheFirstInstanceIsUntouched() {
    String id = "twice-" + UUID.randomUUID();
    create("{\"id\":\"" + id + "\",\"params\":{\"steps\":1}}").statusCode(201);

    create("{\"id\":\"" + id + "\",\"params\":{\"steps\":5}}")
        .statusCode(409)
        .body("error.code", equalTo("instance_exists"))
        .body("error.message", containsString(id));

    assertThat(Api.get("chain", id).getInt("params.steps")).isEqualTo(1);
  }

  @Test
  void malformedBodiesAre400() {
    create("{\"id\": ")
        .statusCode(400)
        .body("error.code", equalTo("invalid_request"))
        .body("error.message", containsString("malformed JSON"));
    create("[1, 2]").statusCode(400).body("error.message", containsString("JSON object"));
    create("{\"id\": 42}")
        .statusCode(400)
        .body("error.message", containsString("\"id\" must be a string"));
    create("{\"ide\": \"x\"}")
        .statusCode(400)
        .body("error.message", containsString("unknown field 'ide'"));
    create("{\"params\": {\"steps\": \"many\"}}")
        .statusCode(400)
        .body("error.message", containsString("params do not fit"));
    create("{\"params\": {}} {\"params\": {}}")
        .statusCode(400)
        .body("error.message", containsString("Trailing token"));
    create("{\"params\": {\"steps\": 1, \"steps\": 2}}")
        .statusCode(400)
        .body("error.message", containsString("Duplicate field 'steps'"));
  }

  @Test
  void paramsThatDoNotFitTheWorkflowAre400NamingTheFieldAndNothingIsStored() {
    String id = "misfit-" + UUID.randomUUID();
    given()
        .contentType(ContentType.JSON)
        .body("{\"id\": \"" + id + "\", \"params\": {\"sleepSecond\": 5}}")
        .when()
        .post("/api/workflows/sleepy/instances")
        .then()
        .statusCode(400)
        .body("error.code", equalTo("invalid_request"))
        .body(
            "error.message",
            containsString("unknown field 'params.sleepSecond' (known fields: seconds)"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"params\": {\"orderId\": \"o-1\", \"cents\": \"500\"}}")
        .when()
        .post("/api/workflows/order/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("'params.cents' must be an integer"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"params\": {\"orderId\": \"o-1\"}}")
        .when()
        .post("/api/workflows/order/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("'params.cents' is required"));
    given()
        .contentType(ContentType.JSON)
        .body("[{\"id\": \"" + id + "\", \"params\": {\"steps\": 1}}, {\"params\": {\"step\": 1}}]")
        .when()
        .post("/api/workflows/chain/instances/batch")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            containsString(
                "item 1: params do not fit workflow 'chain' (ChainWorkflow.Params): unknown field 'params.step'"));
    given().when().get("/api/workflows/chain/instances/" + id).then().statusCode(404);
    given().when().get("/api/workflows/sleepy/instances/" + id).then().statusCode(404);
  }

  @Test
  void recentInstancesSpanWorkflowsNewestFirstAndCanBeFoundById() {
    String id = "everywhere-" + UUID.randomUUID();
    Api.create("chain", id, Map.of("steps", 1));
    Api.create("sleepy", id, Map.of("seconds", 0.1));

    JsonPath found =
        given()
            .queryParam("id", id)
            .when()
            .get("/api/instances")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(found.getList("instances.workflow", String.class))
        .containsExactly("sleepy", "chain");
    assertThat(found.getList("instances.id", String.class)).containsOnly(id);

    JsonPath recent =
        given()
            .queryParam("limit", 2)
            .when()
            .get("/api/instances")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(recent.getList("instances.id", String.class)).hasSize(2);
    assertThat(recent.getString("nextCursor")).isNotNull();
    given()
        .queryParam("status", "sleeping")
        .when()
        .get("/api/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("unknown status 'sleeping'"));
    given().queryParam("limit", 0).when().get("/api/instances").then().statusCode(400);
  }

  @Test
  void probesThatOnceSlippedThroughAreClear400s() {
    create("{\"id\": \"latest\"}")
        .statusCode(400)
        .body("error.message", containsString("'latest' is reserved"));
    create("{\"retention\": {\"successRetention\": \"9223372036854775807s\"}}")
        .statusCode(400)
        .body("error.message", containsString("\"successRetention\" must be a duration"));
    create("{\"retention\": {\"errorRetention\": \"P400000D\"}}")
        .statusCode(400)
        .body("error.message", containsString("at most 36500d"));
    create("{\"params\": {\"steps\": -5}}")
        .statusCode(400)
        .body("error.message", containsString("steps must be 1 to 10000"));
    create("{\"params\": {\"steps\": 2147483647}}").statusCode(400);
    create("{\"params\": {\"steps\": 1, \"\\ud800\": 1}}")
        .statusCode(400)
        .body("error.message", containsString("lone UTF-16 surrogate"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"params\": {\"seconds\": 1e300}}")
        .when()
        .post("/api/workflows/sleepy/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("seconds must be 0 to 31536000"));
  }

  @Test
  void aWorkflowPublishesItsParamsAsAJsonSchema() {
    JsonPath order =
        given().when().get("/api/workflows/order").then().statusCode(200).extract().jsonPath();
    assertThat(order.getString("paramsType")).isEqualTo("OrderWorkflow.Params");
    assertThat(order.getString("paramsSchema.properties.orderId.type")).isEqualTo("string");
    assertThat(order.getList("paramsSchema.required", String.class))
        .containsExactlyInAnyOrder("orderId", "cents");
    assertThat(order.getBoolean("paramsSchema.additionalProperties")).isFalse();
    assertThat(
            given()
                .when()
                .get("/api/workflows")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getDouble("find { it.name == 'sleepy' }.paramsSchema.properties.seconds.default"))
        .isEqualTo(1.0);
  }

  @Test
  void aBodyOverTheHttpLimitIs413WithAJsonBody() {
    String huge = "{\"params\": {\"blob\": \"" + "x".repeat(3 << 20) + "\"}}";
    create(huge).statusCode(413).body("error.code", equalTo("payload_too_large"));
  }

  @Test
  void invalidIdsAre400() {
    for (String id : List.of("-starts-with-dash", "has space", "semi;colon", "x".repeat(101), "")) {
      create("{\"id\": \"" + id + "\"}")
          .statusCode(400)
          .body("error.code", equalTo("invalid_request"))
          .body("error.message", containsString("invalid instance id"));
    }
    create("{\"id\": \"" + "x".repeat(100) + "\"}").statusCode(201);
  }

  @Test
  void badListParametersAre400() {
    given()
        .queryParam("status", "sleeping")
        .when()
        .get("/api/workflows/chain/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("unknown status 'sleeping'"));
    for (String limit : List.of("0", "101", "1000000000000", "ten")) {
      given()
          .queryParam("limit", limit)
          .when()
          .get("/api/workflows/chain/instances")
          .then()
          .statusCode(400)
          .body("error.message", containsString("limit"));
    }
    given()
        .queryParam("cursor", "garbage!")
        .when()
        .get("/api/workflows/chain/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("invalid cursor"));
  }

  @Test
  void listsPageNewestFirstAndFilterByStatus() {
    String prefix = "page-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      create("{\"id\":\"" + prefix + i + "\",\"params\":{\"steps\":1}}").statusCode(201);
      created.add(prefix + i);
    }

    JsonPath first =
        given()
            .queryParam("limit", 2)
            .when()
            .get("/api/workflows/chain/instances")
            .then()
            .statusCode(200)
            .body("nextCursor", notNullValue())
            .extract()
            .jsonPath();
    assertThat(first.getList("instances.id")).containsExactly(prefix + 2, prefix + 1);

    JsonPath second =
        given()
            .queryParam("limit", 2)
            .queryParam("cursor", first.getString("nextCursor"))
            .when()
            .get("/api/workflows/chain/instances")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("instances.id", String.class).get(0)).isEqualTo(prefix + 0);

    created.forEach(id -> Api.awaitEnd("chain", id, java.time.Duration.ofSeconds(30)));
    JsonPath complete =
        given()
            .queryParam("status", "complete")
            .queryParam("limit", 100)
            .when()
            .get("/api/workflows/chain/instances")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(complete.getList("instances.status")).containsOnly("complete");
    assertThat(complete.getList("instances.id", String.class))
        .contains(prefix + 0, prefix + 1, prefix + 2);

    assertThat(Api.get("chain", "latest").getString("id")).isNotNull();
  }

  @Test
  void injectionLookingParamsAreStoredVerbatim() {
    Map<String, Object> params = Map.of("shape", "'; drop table workflow_instance; --");
    String id = Api.create("shapes", params);
    assertThat(Api.get("shapes", id).getString("params.shape"))
        .isEqualTo("'; drop table workflow_instance; --");
  }

  private static io.restassured.response.ValidatableResponse create(String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/api/workflows/chain/instances")
        .then();
  }
}
