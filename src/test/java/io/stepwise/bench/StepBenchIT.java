package io.stepwise.bench;

import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import io.stepwise.it.EngineProcess;
import io.stepwise.it.EngineProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The step benchmark of issue 6: the packaged service as deployed (its own process, a real Kafka
 * broker, the local PostgreSQL with its durability settings as installed, producer {@code acks=all}
 * with idempotence, a commit per step), driven through the public interfaces — REST create, and the
 * end of each instance read from the {@code stepwise.lifecycle} topic — with the floor of this
 * machine measured in the same run. Run with {@code ./mvnw -Pbench verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StepBenchIT}.
 *
 * <p>W1a: one 10-step chain at a time. W1b: chains of K steps with N in flight (K = 10 and 1,000; N
 * = 1, 8, 64). W2: 200 concurrent {@code step, sleep 1 s, step}, lateness beyond the second.
 */
@Tag("bench")
class StepBenchIT {

  private static final String DATABASE = "stepwise_bench";

  /**
   * The floor's own database, so the engine's starts empty (Flyway refuses a schema it did not
   * make).
   */
  private static final String FLOOR_DATABASE = "stepwise_bench_floor";

  private static final Pattern HEAP_USED =
      Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicLong ids = new AtomicLong();
  private final List<String> report = new ArrayList<>();
  private double floorPerStepMs;

  @Test
  void stepBenchmark() throws Exception {
    Path dir = Files.createTempDirectory("stepwise-stepbench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 4)) {
      LocalPostgres.Server pg = LocalPostgres.findOrStart(dir.resolve("postgres"));
      EngineProcesses.recreateDatabase(pg, DATABASE);
      floor(kafka, pg);
      // e.g.
      // -Dbench.engine-config=mp.messaging.incoming.steps-in.concurrency=8,stepwise.kafka.partitions=8
      Map<String, String> overrides = new HashMap<>();
      for (String setting : System.getProperty("bench.engine-config", "").split(",")) {
        if (setting.contains("=")) {
          overrides.put(
              setting.substring(0, setting.indexOf('=')).trim(),
              setting.substring(setting.indexOf('=') + 1).trim());
        }
      }
      Map<String, String> config = EngineProcesses.config(kafka, pg, DATABASE, overrides);
      List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
      // e.g. -Dbench.engine-jvm-options=-XX:StartFlightRecording=filename=target/engine.jfr to
      // profile the engine
      String extra = System.getProperty("bench.engine-jvm-options", "").trim();
      if (!extra.isEmpty()) {
        jvm.addAll(List.of(extra.split("\\s+")));
      }
      try (EngineProcess engine = EngineProcess.start("stepbench", config, jvm);
          LifecycleWatcher ends = new LifecycleWatcher(kafka.bootstrapServers())) {
        // Warm-up: the JIT and Hibernate's first query parsing, so that W1a measures the steady
        // state
        // (with 500 instances, W1a still came out 40% slower than the same workload measured
        // later).
        run(engine, ends, "warm-up (not counted)", "chain", "{\"steps\":10}", 10, 1500, 8, 0);
        run(engine, ends, "warm-up (not counted)", "chain", "{\"steps\":10}", 10, 300, 1, 0);
        report.add("");
        // -Dbench.only=W1a|W1b|W2|scaling runs that part alone (after the warm-up), to measure one
        // change quickly.
        String only = System.getProperty("bench.only", "");
        if (!only.isEmpty()) {
          switch (only) {
            case "W1a" -> w1a(engine, ends);
            case "W1b" -> w1b(engine, ends);
            case "W2" -> w2(engine, ends);
            case "scaling" -> scaling(engine, ends);
            default ->
                throw new IllegalArgumentException(
                    "bench.only is one of W1a, W1b, W2, scaling: " + only);
          }
        } else {
          Result w1a = w1a(engine, ends);
          Result w1b = w1b(engine, ends);
          Result w2 = w2(engine, ends);
          scaling(engine, ends);
          report.add("");
          report.add(
              "Against the floor (one Kafka round trip + one PostgreSQL commit = "
                  + String.format("%.2f ms", floorPerStepMs)
                  + " per step, in sequence):");
          report.add(
              String.format(
                  "  W1a p50 per step %.2f ms = %.1f x floor; W1b %.0f steps/s = %.2f x the floor's sequential rate (%.0f/s);"
                      + " W2 lateness p50 %.0f ms / p99 %.0f ms = %.1f / %.1f x floor",
                  w1a.latencies.percentile(50) / 10,
                  w1a.latencies.percentile(50) / 10 / floorPerStepMs,
                  w1b.stepsPerSecond(),
                  w1b.stepsPerSecond() / (1000 / floorPerStepMs),
                  1000 / floorPerStepMs,
                  w2.latencies.percentile(50),
                  w2.latencies.percentile(99),
                  w2.latencies.percentile(50) / floorPerStepMs,
                  w2.latencies.percentile(99) / floorPerStepMs));
        }
        report.add(cacheLookups(engine));
        report.add(
            "Targets: W1b >= 8,000 steps/s; W1a p50 <= 8 ms; W2 p99 lateness <= 50 ms; heap <= 512 MiB at W1b.");
      }
    }
    System.out.printf(
        "%n=== Stepwise step benchmark (one engine process, 2-core machine shared with broker, database and load) ===%n%s%n%n",
        String.join("\n", report));
  }

  private Result w1a(EngineProcess engine, LifecycleWatcher ends) throws Exception {
    return run(
        engine, ends, "W1a  10-step chains, 1 at a time", "chain", "{\"steps\":10}", 10, 200, 1, 0);
  }

  private Result w1b(EngineProcess engine, LifecycleWatcher ends) throws Exception {
    return run(
        engine,
        ends,
        "W1b  10-step chains, 64 in flight",
        "chain",
        "{\"steps\":10}",
        10,
        2000,
        64,
        0);
  }

  private Result w2(EngineProcess engine, LifecycleWatcher ends) throws Exception {
    return run(
        engine,
        ends,
        "W2   step, sleep 1 s, step; 200 at once",
        "sleepy",
        "{\"seconds\":1}",
        2,
        200,
        200,
        1000);
  }

  /** How many step messages the engine handled from its instance cache, over the whole run. */
  private String cacheLookups(EngineProcess engine) throws Exception {
    String metrics = metrics(engine);
    return String.format(
        "Instance cache, whole run (warm-up included): %.0f step messages handled from the cache, %.0f loaded",
        counter(metrics, "stepwise_instance_cache_lookups_total\\{result=\"hit\""),
        counter(metrics, "stepwise_instance_cache_lookups_total\\{result=\"miss\""));
  }

  /** The engine's metrics, as Prometheus scrapes them. */
  private String metrics(EngineProcess engine) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + engine.port() + "/q/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static double counter(String metrics, String prefix) {
    Matcher m = Pattern.compile(prefix + "[^}]*} ([0-9.E+]+)").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** W1b at K = 10 and 1,000 steps per instance, and at 1 and 8 in flight (64 is W1b itself). */
  private void scaling(EngineProcess engine, LifecycleWatcher ends) throws Exception {
    report.add("");
    report.add("Scaling (W1b):");
    run(engine, ends, "K=10, 1 in flight", "chain", "{\"steps\":10}", 10, 200, 1, 0);
    run(engine, ends, "K=10, 8 in flight", "chain", "{\"steps\":10}", 10, 800, 8, 0);
    run(engine, ends, "K=1000, 8 in flight", "chain", "{\"steps\":1000}", 1000, 16, 8, 0);
  }

  record Result(Latencies latencies, int steps, double seconds) {
    double stepsPerSecond() {
      return steps / seconds;
    }
  }

  /**
   * Creates {@code instances} instances, at most {@code inFlight} unfinished at a time, and times
   * each from its create request to its end on the lifecycle topic (minus {@code expectedMs}).
   */
  private Result run(
      EngineProcess engine,
      LifecycleWatcher ends,
      String name,
      String workflow,
      String params,
      int stepsPerInstance,
      int instances,
      int inFlight,
      long expectedMs)
      throws Exception {
    Latencies latencies = new Latencies();
    AtomicInteger errors = new AtomicInteger();
    Semaphore slots = new Semaphore(inFlight);
    HeapSampler heap = new HeapSampler(engine);
    Duration cpuBefore = engine.cpuTime();
    MachineCpu machineBefore = MachineCpu.now();
    long start = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      slots.acquire();
      String id = "b" + ids.incrementAndGet();
      CompletableFuture<LifecycleWatcher.Ended> end = ends.expect(id);
      long submitted = System.nanoTime();
      HttpRequest create =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:"
                          + engine.port()
                          + "/api/workflows/"
                          + workflow
                          + "/instances"))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + EngineProcesses.OPERATE_KEY)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"id\":\"" + id + "\",\"params\":" + params + "}"))
              .build();
      http.sendAsync(create, HttpResponse.BodyHandlers.ofString())
          .thenAccept(
              response -> {
                if (response.statusCode() != 201) {
                  errors.incrementAndGet();
                  end.complete(
                      new LifecycleWatcher.Ended(
                          System.nanoTime(), "refused " + response.statusCode()));
                }
              });
      all.add(
          end.orTimeout(10, TimeUnit.MINUTES)
              .whenComplete(
                  (ended, failure) -> {
                    if (failure != null || !"complete".equals(ended.status())) {
                      errors.incrementAndGet();
                    } else {
                      latencies.add(ended.atNanos() - submitted - expectedMs * 1_000_000);
                    }
                    slots.release();
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (engine.cpuTime().minus(cpuBefore).toMillis() / 1000.0) / seconds;
    double machine = MachineCpu.now().busySince(machineBefore);
    long peakHeap = heap.stop();
    Result result = new Result(latencies, instances * stepsPerInstance, seconds);
    report.add(
        String.format(
            "%-42s %6d instances in %6.1f s: %7.0f steps/s; %s %s; errors %d; engine CPU %.0f%% of a core, peak heap %d MiB; machine %.0f%% busy (%d cores)",
            name,
            instances,
            seconds,
            result.stepsPerSecond(),
            expectedMs > 0 ? "lateness" : "latency",
            latencies.summary(),
            errors.get(),
            cpu * 100,
            peakHeap >> 20,
            machine * 100,
            Runtime.getRuntime().availableProcessors()));
    return result;
  }

  /**
   * The floor: a bare Kafka produce-to-consume round trip and a bare PostgreSQL commit, 500 of
   * each.
   */
  private void floor(EmbeddedKafka kafka, LocalPostgres.Server pg) throws Exception {
    Latencies kafkaRoundTrip = new Latencies();
    TopicPartition partition = new TopicPartition("stepwise.bench.floor", 0);
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    "true",
                    ProducerConfig.LINGER_MS_CONFIG,
                    "0",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class));
        KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    "1",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class))) {
      producer
          .send(new ProducerRecord<>(partition.topic(), partition.partition(), null, "create"))
          .get();
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      for (int i = 0; i < 500; i++) {
        long start = System.nanoTime();
        producer
            .send(new ProducerRecord<>(partition.topic(), partition.partition(), null, "m" + i))
            .get();
        ConsumerRecords<String, String> got;
        do {
          got = consumer.poll(Duration.ofMillis(100));
        } while (got.isEmpty());
        kafkaRoundTrip.add(System.nanoTime() - start);
      }
    }
    Latencies commit = new Latencies();
    String settings;
    EngineProcesses.recreateDatabase(pg, FLOOR_DATABASE);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(FLOOR_DATABASE), pg.user(), "");
        Statement s = c.createStatement()) {
      s.execute("create table bench_floor (id bigserial primary key, v int)");
      settings = show(s, "fsync") + ", synchronous_commit " + show(s, "synchronous_commit");
      try (PreparedStatement insert =
          c.prepareStatement("insert into bench_floor (v) values (?)")) {
        for (int i = 0; i < 500; i++) {
          long start = System.nanoTime();
          insert.setInt(1, i);
          insert.executeUpdate(); // autocommit: one commit per insert
          commit.add(System.nanoTime() - start);
        }
      }
    }
    floorPerStepMs = kafkaRoundTrip.percentile(50) + commit.percentile(50);
    report.add("Floor, same machine, same run:");
    report.add(
        "  Kafka produce->consume round trip (acks=all, idempotent): " + kafkaRoundTrip.summary());
    report.add("  PostgreSQL insert + commit (fsync " + settings + "): " + commit.summary());
    report.add("");
  }

  private static String show(Statement s, String setting) throws Exception {
    try (ResultSet rs = s.executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Samples the engine's used heap (its Micrometer gauge) every second; answers the peak. (Every
   * 200 ms, rendering the metrics took a tenth of the engine's CPU in W1b.)
   */
  private final class HeapSampler {
    private final EngineProcess engine;
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    HeapSampler(EngineProcess engine) {
      this.engine = engine;
      sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
      try {
        Matcher m = HEAP_USED.matcher(metrics(engine));
        long used = 0;
        while (m.find()) {
          used += (long) Double.parseDouble(m.group(1));
        }
        peak.accumulateAndGet(used, Math::max);
      } catch (Exception e) {
        // a missed sample
      }
    }

    long stop() throws InterruptedException {
      sampler.shutdown();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
      sample();
      return peak.get();
    }
  }
}
