package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stepwise.operations.CreateRequest;
import io.stepwise.operations.StepwiseOperations;
import io.stepwise.operations.Views;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Batches, deletes, retention, limits and the Java operations. */
@QuarkusTest
class InstancesAdminTest {

  @Inject StepwiseOperations operations;

  @Test
  void aBatchCreatesWhatIsNewAndSkipsWhatExists() {
    String p = "batch-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Api.create("chain", p + "a", Map.of("steps", 1));
    String body =
        "[{\"id\":\""
            + p
            + "a\"},{\"id\":\""
            + p
            + "b\",\"params\":{\"steps\":2}},{\"id\":\""
            + p
            + "c\"}]";

    JsonPath first = postBatch(body);
    assertThat(first.getList("id")).containsExactly(p + "b", p + "c");

    JsonPath again = postBatch(body);
    assertThat(again.getList("$")).isEmpty();
    assertThat(Api.awaitEnd("chain", p + "b", Duration.ofSeconds(30)).getInt("output"))
        .isEqualTo(2);
  }

  @Test
  void aBatchWithOneBadItemCreatesNothing() {
    String id = "batch-" + UUID.randomUUID();
    given()
        .contentType(ContentType.JSON)
        .body("[{\"id\":\"" + id + "\"},{\"id\":\"-bad\"}]")
        .when()
        .post("/api/workflows/chain/instances/batch")
        .then()
        .statusCode(400)
        .body("error.message", containsString("invalid instance id '-bad'"));
    given().when().get("/api/workflows/chain/instances/{id}", id).then().statusCode(404);

    StringBuilder tooMany = new StringBuilder("[");
    for (int i = 0; i < 101; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{}");
    }
    given()
        .contentType(ContentType.JSON)
        .body(tooMany.append("]").toString())
        .when()
        .post("/api/workflows/chain/instances/batch")
        .then()
        .statusCode(400)
        .body("error.message", containsString("1 to 100"));
  }

  @Test
  void deletedInstancesAreGone() {
    String one = Api.create("chain", Map.of("steps", 1));
    String two = Api.create("chain", Map.of("steps", 1));
    String three = Api.create("chain", Map.of("steps", 1));

    given().when().delete("/api/workflows/chain/instances/{id}", one).then().statusCode(204);
    given().when().get("/api/workflows/chain/instances/{id}", one).then().statusCode(404);
    given().when().delete("/api/workflows/chain/instances/{id}", one).then().statusCode(404);

    List<String> deleted =
        given()
            .queryParam("id", two, three, "nobody")
            .when()
            .delete("/api/workflows/chain/instances")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("deleted");
    assertThat(deleted).containsExactlyInAnyOrder(two, three);
  }

  @Test
  void finishedInstancesArePurgedAfterTheirRetention() {
    String shortLived = "retention-" + UUID.randomUUID();
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "id",
                shortLived,
                "params",
                Map.of("steps", 1),
                "retention",
                Map.of("successRetention", "1s")))
        .when()
        .post("/api/workflows/chain/instances")
        .then()
        .statusCode(201);
    String kept = Api.create("chain", Map.of("steps", 1));
    Api.awaitEnd("chain", kept, Duration.ofSeconds(30));

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                given().when().get("/api/workflows/chain/instances/{id}", shortLived).statusCode()
                    == 404);
    assertThat(Api.status("chain", kept)).isEqualTo("complete");

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("retention", Map.of("successRetention", "forever")))
        .when()
        .post("/api/workflows/chain/instances")
        .then()
        .statusCode(400)
        .body("error.message", containsString("successRetention"));
  }

  @Test
  void limitsGiveClearErrors() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("params", Map.of("blob", "x".repeat(1_100_000))))
        .when()
        .post("/api/workflows/chain/instances")
        .then()
        .statusCode(413)
        .body("error.message", containsString("1 MiB"));

    JsonPath big =
        Api.awaitEnd(
            "shapes", Api.create("shapes", Map.of("shape", "bigResult")), Duration.ofSeconds(30));
    assertThat(big.getString("status")).isEqualTo("errored");
    assertThat(big.getString("error.message")).contains("1 MiB");
    assertThat(big.getList("steps[0].attempts")).hasSize(1);
  }

  @Test
  void theJavaClientDoesWhatRestDoes() throws Throwable {
    String id = "operations-" + UUID.randomUUID();
    var params =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .put("timeoutSeconds", 60);
    Views.Created created =
        VertxContextSupport.subscribeAndAwait(
            () -> operations.create("approval", new CreateRequest(id, params, null)));
    assertThat(created.status()).isEqualTo("queued");
    Api.awaitStatus("approval", id, "waiting");

    VertxContextSupport.subscribeAndAwait(
        () ->
            operations.sendEvent(
                "approval",
                id,
                "approval",
                com.fasterxml.jackson.databind.node.TextNode.valueOf("from java")));
    Api.awaitStatus("approval", id, "complete");
    assertThat(
            VertxContextSupport.subscribeAndAwait(() -> operations.get("approval", id))
                .output()
                .asText())
        .isEqualTo("from java");
  }

  private static JsonPath postBatch(String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/api/workflows/chain/instances/batch")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }
}
