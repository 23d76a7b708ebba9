package io.stepwise.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What every {@code @QuarkusTest} of this project runs against (see {@link StepwiseTestKit}): a
 * real Kafka broker started in the test JVM, and a fresh database on the local PostgreSQL (or an
 * embedded one when none answers). Introspection is on, so tests can change how instances run.
 */
public class StepwiseTestServices implements QuarkusTestResourceLifecycleManager {

  /**
   * A database of this test run's own: the tests of two projects that use Stepwise may run at once
   * on one PostgreSQL, and each drops and creates its database.
   */
  static final String DATABASE = "stepwise_test_" + ProcessHandle.current().pid();

  static final int PARTITIONS = 4;

  private EmbeddedKafka kafka;
  private LocalPostgres.Server pg;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory("stepwise-test-");
      kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, PARTITIONS);
      pg = LocalPostgres.findOrStart(dir.resolve("postgres"));
      recreate(pg, DATABASE);
      return Map.of(
          "kafka.bootstrap.servers", kafka.bootstrapServers(),
          "quarkus.datasource.reactive.url", pg.reactiveUrl(DATABASE),
          "quarkus.datasource.jdbc.url", pg.jdbcUrl(DATABASE),
          "quarkus.datasource.username", pg.user(),
          "stepwise.introspection.enabled", "true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clean database per test run, so a run never sees the leftovers of another. */
  public static void recreate(LocalPostgres.Server pg, String database) {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), "");
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + database + " with (force)");
      s.execute("create database " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("could not recreate the test database: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (pg != null) {
      drop(pg, DATABASE);
    }
  }

  private static void drop(LocalPostgres.Server pg, String database) {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), "");
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + database + " with (force)");
    } catch (SQLException e) {
      // the run is over either way; a database left behind is only disk
    }
  }
}
