package io.stepwise.bench;

import static org.awaitility.Awaitility.await;

import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import io.stepwise.it.EngineProcess;
import io.stepwise.it.EngineProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput with 1, 2 and 3 engine processes (the packaged service) over the same topics (8
 * partitions) and database: {@code bench.instances} chains (200) of {@code bench.steps} steps (20)
 * each, created over REST, timed until the database has them all complete. Prints steps/s and how
 * many step attempts each process ran. Run with {@code ./mvnw -Pbench verify}.
 */
@Tag("bench")
class ScaleOutBenchIT {

  private static final Pattern ATTEMPTS =
      Pattern.compile(
          "stepwise_step_attempts_total\\{outcome=\"success\",workflow=\"chain\"} ([0-9.E]+)");

  @Test
  void throughputWithOneTwoAndThreeReplicas() throws Exception {
    int instances = Integer.getInteger("bench.instances", 200);
    int steps = Integer.getInteger("bench.steps", 20);
    Path dir = Files.createTempDirectory("stepwise-bench-");
    List<String> report = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 8)) {
      LocalPostgres.Server pg = LocalPostgres.findOrStart(dir.resolve("postgres"));
      for (int replicas = 1; replicas <= 3; replicas++) {
        EngineProcesses.recreateDatabase(pg, "stepwise_bench");
        Map<String, String> config =
            EngineProcesses.config(
                kafka, pg, "stepwise_bench", Map.of("stepwise.kafka.partitions", "8"));
        List<EngineProcess> engines = new ArrayList<>();
        try {
          for (int r = 0; r < replicas; r++) {
            engines.add(EngineProcess.start("bench-" + replicas + "-" + r, config));
          }
          long start = System.nanoTime();
          createChains(engines.get(0), instances, steps);
          await()
              .atMost(Duration.ofMinutes(10))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> completed(pg) >= instances);
          double seconds = (System.nanoTime() - start) / 1e9;
          List<Long> spread = engines.stream().map(ScaleOutBenchIT::attempts).toList();
          report.add(
              String.format(
                  "%d replica(s): %d chains x %d steps in %.1f s = %.0f steps/s; step attempts per replica %s",
                  replicas, instances, steps, seconds, instances * steps / seconds, spread));
        } finally {
          engines.forEach(EngineProcess::close);
        }
      }
    }
    System.out.printf(
        "%n=== Stepwise scale-out (8 partitions, one machine) ===%n%s%n%n",
        String.join("\n", report));
  }

  private static void createChains(EngineProcess engine, int instances, int steps)
      throws InterruptedException {
    ExecutorService clients = Executors.newFixedThreadPool(16);
    for (int i = 0; i < instances; i++) {
      clients.submit(
          () ->
              engine
                  .api()
                  .body("{\"params\":{\"steps\":" + steps + "}}")
                  .post("/api/workflows/chain/instances")
                  .then()
                  .statusCode(201));
    }
    clients.shutdown();
    clients.awaitTermination(5, TimeUnit.MINUTES);
  }

  private static long attempts(EngineProcess engine) {
    Matcher m = ATTEMPTS.matcher(engine.api().get("/q/metrics").asString());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private static int completed(LocalPostgres.Server pg) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("stepwise_bench"), pg.user(), "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from workflow_instance where status = 'complete'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
