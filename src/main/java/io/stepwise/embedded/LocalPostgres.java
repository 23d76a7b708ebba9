package io.stepwise.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds a PostgreSQL for the local default: the server on 127.0.0.1:5432 when one answers,
 * otherwise an embedded one started here. Either way, the named database is created if missing.
 */
public final class LocalPostgres {

  private static final Logger LOG = Logger.getLogger(LocalPostgres.class);

  /** Where a database lives: host, port and the superuser to connect as. */
  public record Server(String host, int port, String user) {
    public String jdbcUrl(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
      return "postgresql://" + host + ":" + port + "/" + database;
    }
  }

  private LocalPostgres() {}

  public static boolean answersOn(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException down) {
      return false;
    }
  }

  /**
   * The local server if it answers and lets its superuser in without a password, else an embedded
   * one with its data in {@code dataDir}.
   */
  public static Server findOrStart(Path dataDir) {
    if (answersOn("127.0.0.1", 5432)) {
      Server local = new Server("127.0.0.1", 5432, "postgres");
      Optional<String> refusal = passwordRefusal(local);
      if (refusal.isEmpty()) {
        return local;
      }
      // A stock server with password authentication: the default must still start, and say how
      // to use that server instead.
      LOG.warnf(
          "STEPWISE-007 the PostgreSQL on 127.0.0.1:5432 does not let user postgres in without a password (%s);"
              + " starting an embedded PostgreSQL instead. To use that server, set QUARKUS_DATASOURCE_REACTIVE_URL"
              + " (postgresql://127.0.0.1:5432/stepwise), QUARKUS_DATASOURCE_JDBC_URL"
              + " (jdbc:postgresql://127.0.0.1:5432/stepwise), QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD",
          refusal.get());
    }
    return startEmbedded(dataDir);
  }

  /** Why the server refuses its superuser without a password (SQL state class 28), if it does. */
  static Optional<String> passwordRefusal(Server server) {
    try (Connection c =
        DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "")) {
      return Optional.empty();
    } catch (SQLException e) {
      return e.getSQLState() != null && e.getSQLState().startsWith("28")
          ? Optional.of(e.getMessage())
          : Optional.empty();
    }
  }

  private static Server startEmbedded(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (IOException ignored) {
                      // the process is going away anyway
                    }
                  }));
      return new Server("127.0.0.1", pg.getPort(), "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
    }
  }

  /** Creates {@code database} on the server unless it exists. */
  public static void ensureDatabase(Server server, String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("unsafe database name " + database);
    }
    try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "");
        Statement s = c.createStatement()) {
      var exists = s.executeQuery("select 1 from pg_database where datname = '" + database + "'");
      if (!exists.next()) {
        s.execute("create database " + database);
      }
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) { // created meanwhile by someone else
        throw new IllegalStateException(
            "could not create database " + database + ": " + e.getMessage(), e);
      }
    }
  }
}
