package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.faults.FaultPoints;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * While the database or the broker is out, a create is answered at once: 503 and Retry-After, or
 * done.
 */
@QuarkusTest
class OutageTest {

  @Inject FaultPoints faults;

  @TestHTTPResource("/api/workflows/chain/instances")
  URI chainInstances;

  @Test
  void aCreateWhileTheDatabaseRefusesConnectionsIs503WithRetryAfterAndStoresNothing()
      throws Exception {
    String id = "db-out-" + UUID.randomUUID();
    JsonPath error;
    try (DatabaseOutage outage = DatabaseOutage.start()) {
      var answer =
          given()
              .contentType("application/json")
              .body(Map.of("id", id, "params", Map.of("steps", 1)))
              .when()
              .post("/api/workflows/chain/instances")
              .then()
              .extract();
      assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(503);
      assertThat(answer.header("Retry-After")).isEqualTo("5");
      error = answer.jsonPath();
    }
    assertThat(error.getString("error.code")).isEqualTo("database_unavailable");

    // serving again once the database is back, and the refused create left nothing behind
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> given().get("/api/workflows/chain/instances/{id}", id).statusCode() == 404);
    Api.awaitEnd("chain", Api.create("chain", Map.of("steps", 1)), Duration.ofSeconds(30));
  }

  @Test
  void aCreateIsAnsweredWhileTheBrokerDoesNotAnswerAndTheSweeperStartsIt() throws Exception {
    String id = "broker-out-" + UUID.randomUUID();
    faults.arm(FaultPoints.BROKER_SILENT, id, 1);

    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(chainInstances)
                    .timeout(
                        Duration.ofSeconds(
                            20)) // far over an answer that does not wait for the broker
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"id\": \"" + id + "\", \"params\": {\"steps\": 2}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(faults.remaining(FaultPoints.BROKER_SILENT, id))
        .isZero(); // its announcements were held
    assertThat(Api.awaitEnd("chain", id, Duration.ofSeconds(30)).getString("status"))
        .isEqualTo("complete");
  }

  /**
   * The test database refuses new connections and its open ones are ended, as when PostgreSQL
   * restarts; undone on close. Done from the 'postgres' database, which stays reachable.
   */
  private static final class DatabaseOutage implements AutoCloseable {
    private final Connection admin;
    private final String database;

    private DatabaseOutage(Connection admin, String database) {
      this.admin = admin;
      this.database = database;
    }

    static DatabaseOutage start() throws SQLException {
      String database;
      try (Connection c = TestDatabase.connect();
          Statement s = c.createStatement();
          var rs = s.executeQuery("select current_database()")) {
        rs.next();
        database = rs.getString(1);
      }
      String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
      Connection admin =
          DriverManager.getConnection(
              url.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1"),
              ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
              "");
      DatabaseOutage outage = new DatabaseOutage(admin, database);
      try (Statement s = admin.createStatement()) {
        s.execute("alter database \"" + database + "\" allow_connections false");
        s.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                + database
                + "'");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> outage.sessions() == 0);
      return outage;
    }

    private int sessions() throws SQLException {
      try (Statement s = admin.createStatement();
          var rs =
              s.executeQuery(
                  "select count(*) from pg_stat_activity where datname = '" + database + "'")) {
        rs.next();
        return rs.getInt(1);
      }
    }

    @Override
    public void close() throws SQLException {
      try (admin;
          Statement s = admin.createStatement()) {
        s.execute("alter database \"" + database + "\" allow_connections true");
      }
    }
  }
}
