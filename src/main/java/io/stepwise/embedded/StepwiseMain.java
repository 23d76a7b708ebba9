package io.stepwise.embedded;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts Stepwise. With no Kafka or database configured, it first starts the embedded default —
 * a local Kafka broker and a PostgreSQL (the one on 127.0.0.1:5432, or an embedded one) — so that
 * {@code java -jar} works on a fresh machine. Set {@code KAFKA_BOOTSTRAP_SERVERS} and the
 * {@code QUARKUS_DATASOURCE_*} variables to use your own.
 */
@QuarkusMain
public final class StepwiseMain {

  private static final Logger LOG = Logger.getLogger(StepwiseMain.class);

  private StepwiseMain() {}

  public static void main(String... args) {
    Path home = Path.of(System.getProperty("stepwise.home", System.getProperty("user.home") + "/.stepwise"));
    boolean embeddedKafka = !configured("kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS");
    if (embeddedKafka) {
      boolean defaultPortFree = EmbeddedKafka.isFree(9092);
      EmbeddedKafka kafka = EmbeddedKafka.start(
          defaultPortFree ? home.resolve("kafka") : home.resolve("kafka-" + ProcessHandle.current().pid()),
          defaultPortFree ? 9092 : 0, 4);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAfterQuarkus(kafka)));
      System.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
      LOG.infof("STEPWISE-002 embedded Kafka broker on %s", kafka.bootstrapServers());
    }
    if (embeddedKafka && !authConfigured()) {
      // The embedded default is a developer's own machine: open, like dev mode, unless keys are set.
      System.setProperty("stepwise.auth.enabled", "false");
    }
    if (!configured("quarkus.datasource.reactive.url", "QUARKUS_DATASOURCE_REACTIVE_URL")) {
      LocalPostgres.Server server = LocalPostgres.findOrStart(home.resolve("postgres"));
      LocalPostgres.ensureDatabase(server, "stepwise");
      System.setProperty("quarkus.datasource.reactive.url", server.reactiveUrl("stepwise"));
      System.setProperty("quarkus.datasource.jdbc.url", server.jdbcUrl("stepwise"));
      System.setProperty("quarkus.datasource.username", server.user());
      LOG.infof("STEPWISE-003 PostgreSQL database %s", server.jdbcUrl("stepwise"));
    }
    Quarkus.run(args);
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

  private static boolean authConfigured() {
    return configured("stepwise.auth.enabled", "STEPWISE_AUTH_ENABLED")
        || configured("stepwise.auth.keys.operate", "STEPWISE_AUTH_KEYS_OPERATE")
        || configured("stepwise.auth.keys.read", "STEPWISE_AUTH_KEYS_READ");
  }

  private static boolean configured(String property, String env) {
    return System.getProperty(property) != null || System.getenv(env) != null;
  }
}
