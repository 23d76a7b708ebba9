package io.stepwise.embedded;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Starts Stepwise, as this service or as an application that uses it as a library (the main of any
 * application that has none of its own). With no Kafka or database configured, it first starts the
 * embedded default — a local Kafka broker and a PostgreSQL (the one on 127.0.0.1:5432, or an
 * embedded one) — so that {@code java -jar} works on a fresh machine. Set {@code
 * KAFKA_BOOTSTRAP_SERVERS} and the {@code QUARKUS_DATASOURCE_*} variables (or the same properties
 * in {@code application.properties}) to use your own; a deployment sets {@code
 * STEPWISE_EMBEDDED_ENABLED=false}, and then a missing setting stops the start with its name.
 */
@QuarkusMain
public final class StepwiseMain {

  private static final Logger LOG = Logger.getLogger(StepwiseMain.class);

  static final String KAFKA = "kafka.bootstrap.servers";
  static final String DATABASE = "quarkus.datasource.reactive.url";

  private StepwiseMain() {}

  public static void main(String... args) {
    ApplicationSettings settings = ApplicationSettings.read();
    boolean embeddedKafka = !settings.isSet(KAFKA);
    boolean localDatabase = !settings.isSet(DATABASE);
    if (!settings.flag("stepwise.embedded.enabled", true) && (embeddedKafka || localDatabase)) {
      // A deployment must not quietly start a broker and a database of its own in its container.
      // Quarkus' logging is not running yet and System.exit would not wait for it: straight to the
      // process's stderr (System.err is already handed to the log manager here).
      PrintStream stderr =
          new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
      stderr.println("ERROR STEPWISE-006 " + missingSettings(embeddedKafka, localDatabase));
      System.exit(2);
    }
    Path home =
        Path.of(
            System.getProperty("stepwise.home", System.getProperty("user.home") + "/.stepwise"));
    if (embeddedKafka) {
      boolean defaultPortFree = EmbeddedKafka.isFree(9092);
      EmbeddedKafka kafka =
          EmbeddedKafka.start(
              defaultPortFree
                  ? home.resolve("kafka")
                  : home.resolve("kafka-" + ProcessHandle.current().pid()),
              defaultPortFree ? 9092 : 0,
              4);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAfterQuarkus(kafka)));
      System.setProperty(KAFKA, kafka.bootstrapServers());
      LOG.infof("STEPWISE-002 embedded Kafka broker on %s", kafka.bootstrapServers());
    }
    if (embeddedKafka && !authConfigured(settings)) {
      // The embedded default is a developer's own machine: open, like dev mode, unless keys are
      // set.
      System.setProperty("stepwise.auth.enabled", "false");
    }
    if (localDatabase) {
      // Two applications on one machine keep apart: each has a database named after it.
      String database =
          settings
              .value("stepwise.embedded.database")
              .orElseGet(
                  () ->
                      databaseName(settings.value("quarkus.application.name").orElse("stepwise")));
      LocalPostgres.Server server = LocalPostgres.findOrStart(home.resolve("postgres"));
      LocalPostgres.ensureDatabase(server, database);
      System.setProperty(DATABASE, server.reactiveUrl(database));
      System.setProperty("quarkus.datasource.jdbc.url", server.jdbcUrl(database));
      System.setProperty("quarkus.datasource.username", server.user());
      LOG.infof("STEPWISE-003 PostgreSQL database %s", server.jdbcUrl(database));
    }
    Quarkus.run(args);
  }

  /**
   * A PostgreSQL database name from an application's name: {@code my-orders} → {@code my_orders}.
   */
  static String databaseName(String application) {
    String name = application.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "app_" + name : name;
  }

  /** What a deployment with the embedded default off forgot to set, and how to set it. */
  static String missingSettings(boolean kafka, boolean database) {
    StringBuilder message =
        new StringBuilder(
            "cannot start: the embedded default is off (stepwise.embedded.enabled=false)");
    if (kafka) {
      message.append(
          " and no Kafka broker is configured: set KAFKA_BOOTSTRAP_SERVERS (kafka.bootstrap.servers)");
    }
    if (database) {
      message
          .append(kafka ? ";" : " and")
          .append(" no database is configured: set QUARKUS_DATASOURCE_REACTIVE_URL")
          .append(
              " (quarkus.datasource.reactive.url, e.g. postgresql://db:5432/stepwise), QUARKUS_DATASOURCE_JDBC_URL")
          .append(" and QUARKUS_DATASOURCE_USERNAME / QUARKUS_DATASOURCE_PASSWORD");
    }
    return message.toString();
  }

  /**
   * Stops the broker only once the service has stopped, so its consumers leave their groups
   * cleanly; otherwise the next start waits out their session timeout before it gets partitions.
   */
  private static void closeAfterQuarkus(EmbeddedKafka kafka) {
    Application app = Application.currentApplication();
    if (app != null && app.isStarted()) {
      app.awaitShutdown();
    }
    kafka.close();
  }

  private static boolean authConfigured(ApplicationSettings settings) {
    return settings.isSet("stepwise.auth.enabled")
        || settings.isSet("stepwise.auth.keys.operate")
        || settings.isSet("stepwise.auth.keys.read");
  }
}
