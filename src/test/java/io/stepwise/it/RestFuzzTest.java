package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile input on every REST write path, from a fixed seed (so a failure replays): each
 * answer is a success or a clear 4xx with the JSON error body — never a 500.
 */
@QuarkusTest
class RestFuzzTest {

  private static final Set<Integer> CLEAR =
      Set.of(200, 201, 202, 204, 400, 404, 405, 409, 413, 415);
  private static final List<String> HOSTILE =
      List.of(
          "'; drop table workflow_instance; --",
          "../../etc/passwd",
          "%00",
          "\u0000",
          "<script>alert(1)</script>",
          "${jndi:ldap://x}",
          "🙂",
          "a\nb",
          " ",
          "-",
          "latest",
          "x".repeat(300),
          "\"",
          "\\",
          "{{7*7}}");

  private final Random random = new Random(20261125);

  @Test
  void randomAndHostileInputGetsClearAnswers() {
    for (int i = 0; i < 400; i++) {
      String workflow =
          segment(
              random.nextInt(4) == 0
                  ? word()
                  : List.of("chain", "approval", "sleepy").get(random.nextInt(3)));
      String id = segment(word());
      String base = "/api/workflows/" + workflow + "/instances";
      Response response =
          switch (random.nextInt(6)) {
            case 0 ->
                given()
                    .urlEncodingEnabled(false)
                    .body(json(3))
                    .contentType(contentType())
                    .post(base);
            case 1 ->
                given()
                    .urlEncodingEnabled(false)
                    .body("[" + json(2) + "," + json(2) + "]")
                    .contentType("application/json")
                    .post(base + "/batch");
            case 2 ->
                given()
                    .urlEncodingEnabled(false)
                    .body(json(2))
                    .contentType(contentType())
                    .patch(base + "/" + id + "/status");
            case 3 ->
                given()
                    .urlEncodingEnabled(false)
                    .body(json(2))
                    .contentType(contentType())
                    .post(base + "/" + id + "/events/" + segment(word()));
            case 4 ->
                given()
                    .urlEncodingEnabled(false)
                    .get(
                        base
                            + "?limit="
                            + segment(word())
                            + "&status="
                            + segment(word())
                            + "&cursor="
                            + segment(word()));
            default -> given().urlEncodingEnabled(false).get(base + "/" + id);
          };
      int status = response.statusCode();
      assertThat(CLEAR)
          .as("request %d answered %d: %s", i, status, response.asString())
          .contains(status);
      if (status >= 400 && status != 405 && status != 415) {
        assertThat(response.jsonPath().getString("error.code"))
            .as("request %d: %s", i, response.asString())
            .isNotBlank();
        assertThat(response.jsonPath().getString("error.message")).isNotBlank();
      }
    }
  }

  private static String segment(String raw) {
    return java.net.URLEncoder.encode(raw, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private String contentType() {
    return random.nextInt(3) == 0 ? "text/plain" : "application/json";
  }

  private String word() {
    return switch (random.nextInt(4)) {
      case 0 -> HOSTILE.get(random.nextInt(HOSTILE.size()));
      case 1 -> Integer.toString(random.nextInt(1000) - 500);
      default -> randomText(1 + random.nextInt(12));
    };
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(
          (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 33 + random.nextInt(94)));
    }
    return text.toString();
  }

  /** A random JSON value, or now and then something that is not JSON at all. */
  private String json(int depth) {
    int pick = random.nextInt(depth <= 0 ? 6 : 9);
    return switch (pick) {
      case 0 -> "null";
      case 1 -> Boolean.toString(random.nextBoolean());
      case 2 -> random.nextBoolean() ? Long.toString(random.nextLong()) : "1e309";
      case 3 ->
          "\""
              + word()
                  .replace("\\", "\\\\")
                  .replace("\"", "\\\"")
                  .replace("\n", "\\n")
                  .replace("\u0000", "\\u0000")
              + "\"";
      case 4 -> "";
      case 5 -> "{\"id\": " + randomText(3);
      case 6 -> "[" + json(depth - 1) + "," + json(depth - 1) + "]";
      default ->
          "{\""
              + List.of("id", "params", "status", "from", "rollback", "retention", "x")
                  .get(random.nextInt(7))
              + "\": "
              + json(depth - 1)
              + ", \""
              + List.of("params", "status", "id").get(random.nextInt(3))
              + "\": "
              + json(depth - 1)
              + "}";
    };
  }
}
