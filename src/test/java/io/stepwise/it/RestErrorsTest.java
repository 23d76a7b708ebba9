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
    given().when().get("/api/workflows")
        .then().statusCode(200)
        .body("name", hasItems("workflows-starter", "chain", "flaky", "sleepy"));
  }

  @Test
  void createAnswersTheIdAndStatusAndMakesAUuidWhenNoIdIsGiven() {
    given().contentType(ContentType.JSON).body("{}")
        .when().post("/api/workflows/chain/instances")
        .then().statusCode(201)
        .body("id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"))
        .body("status", equalTo("queued"));
  }

  @Test
  void unknownWorkflowIs404() {
    given().contentType(ContentType.JSON).body("{}")
        .when().post("/api/workflows/no-such-workflow/instances")
        .then().statusCode(404)
        .body("error.code", equalTo("workflow_not_found"))
        .body("error.message", containsString("no-such-workflow"));
    given().when().get("/api/workflows/no-such-workflow/instances").then().statusCode(404);
  }

  @Test
  void unknownInstanceIs404() {
    given().when().get("/api/workflows/chain/instances/nobody-" + UUID.randomUUID())
        .then().statusCode(404)
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
    create("{\"id\": ").statusCode(400).body("error.code", equalTo("invalid_request"))
        .body("error.message", containsString("malformed JSON"));
    create("[1, 2]").statusCode(400).body("error.message", containsString("JSON object"));
    create("{\"id\": 42}").statusCode(400).body("error.message", containsString("\"id\" must be a string"));
    create("{\"ide\": \"x\"}").statusCode(400).body("error.message", containsString("unknown field 'ide'"));
    create("{\"params\": {\"steps\": \"many\"}}").statusCode(400).body("error.message", containsString("params do not fit"));
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
    given().queryParam("status", "sleeping").when().get("/api/workflows/chain/instances")
        .then().statusCode(400).body("error.message", containsString("unknown status 'sleeping'"));
    for (String limit : List.of("0", "101", "1000000000000", "ten")) {
      given().queryParam("limit", limit).when().get("/api/workflows/chain/instances")
          .then().statusCode(400).body("error.message", containsString("limit"));
    }
    given().queryParam("cursor", "garbage!").when().get("/api/workflows/chain/instances")
        .then().statusCode(400).body("error.message", containsString("invalid cursor"));
  }

  @Test
  void listsPageNewestFirstAndFilterByStatus() {
    String prefix = "page-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      create("{\"id\":\"" + prefix + i + "\",\"params\":{\"steps\":1}}").statusCode(201);
      created.add(prefix + i);
    }

    JsonPath first = given().queryParam("limit", 2).when().get("/api/workflows/chain/instances")
        .then().statusCode(200).body("nextCursor", notNullValue()).extract().jsonPath();
    assertThat(first.getList("instances.id")).containsExactly(prefix + 2, prefix + 1);

    JsonPath second = given().queryParam("limit", 2).queryParam("cursor", first.getString("nextCursor"))
        .when().get("/api/workflows/chain/instances")
        .then().statusCode(200).extract().jsonPath();
    assertThat(second.getList("instances.id", String.class).get(0)).isEqualTo(prefix + 0);

    created.forEach(id -> Api.awaitEnd("chain", id, java.time.Duration.ofSeconds(30)));
    JsonPath complete = given().queryParam("status", "complete").queryParam("limit", 100)
        .when().get("/api/workflows/chain/instances").then().statusCode(200).extract().jsonPath();
    assertThat(complete.getList("instances.status")).containsOnly("complete");
    assertThat(complete.getList("instances.id", String.class)).contains(prefix + 0, prefix + 1, prefix + 2);

    assertThat(Api.get("chain", "latest").getString("id")).isNotNull();
  }

  @Test
  void injectionLookingParamsAreStoredVerbatim() {
    Map<String, Object> params = Map.of("steps", 1, "note", "'; drop table workflow_instance; --");
    String id = Api.create("chain", params);
    assertThat(Api.get("chain", id).getString("params.note")).isEqualTo("'; drop table workflow_instance; --");
  }

  private static io.restassured.response.ValidatableResponse create(String body) {
    return given().contentType(ContentType.JSON).body(body)
        .when().post("/api/workflows/chain/instances")
        .then();
  }
}
