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

/**
 * Finds a PostgreSQL for the local default: the server on 127.0.0.1:5432 when one answers,
 * otherwise an embedded one started here. Either way, the named database is created if missing.
 */
public final class LocalPostgres {

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

  /** The local server if it answers, else an embedded one with its data in {@code dataDir}. */
  public static Server findOrStart(Path dataDir) {
    if (answersOn("127.0.0.1", 5432)) {
      return new Server("127.0.0.1", 5432, "postgres");
    }
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
      }
    }
  }
}
