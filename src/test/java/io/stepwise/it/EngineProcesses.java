package io.stepwise.it;

import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import io.stepwise.testkit.StepwiseTestServices;
import java.util.HashMap;
import java.util.Map;

/** What running the packaged service as processes needs: its configuration and a clean database. */
public final class EngineProcesses {

  /** The operate key engine processes accept: they run as deployed, with authentication on. */
  public static final String OPERATE_KEY = "engine-process-operate-key-0123456789";

  private EngineProcesses() {}

  /** The configuration that points an engine process at the test's broker and database. */
  public static Map<String, String> config(
      EmbeddedKafka kafka, LocalPostgres.Server pg, String database, Map<String, String> extra) {
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                "kafka.bootstrap.servers",
                kafka.bootstrapServers(),
                "quarkus.datasource.reactive.url",
                pg.reactiveUrl(database),
                "quarkus.datasource.jdbc.url",
                pg.jdbcUrl(database),
                "quarkus.datasource.username",
                pg.user(),
                "stepwise.kafka.partitions",
                "4",
                "stepwise.sweeper.interval",
                "1s",
                "stepwise.sweeper.grace",
                "PT5S",
                "quarkus.log.level",
                "WARN",
                "stepwise.auth.keys.operate",
                OPERATE_KEY));
    config.putAll(extra);
    return config;
  }

  public static void recreateDatabase(LocalPostgres.Server pg, String database) {
    StepwiseTestServices.recreate(pg, database);
  }
}
