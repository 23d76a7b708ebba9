package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.stepwise.dashboard.Browser;
import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as separate processes against one broker and one database: killed while
 * instances sleep, and run as two replicas.
 */
class EngineProcessesIT {

  private static final String DATABASE = "stepwise_it";
  private static EmbeddedKafka kafka;
  private static LocalPostgres.Server pg;
  private static Path kafkaDir;

  @BeforeAll
  static void services() throws Exception {
    Path dir = Files.createTempDirectory("stepwise-it-");
    kafkaDir = dir.resolve("kafka");
    kafka = EmbeddedKafka.start(kafkaDir, 0, 4);
    pg = LocalPostgres.findOrStart(dir.resolve("postgres"));
    EngineProcesses.recreateDatabase(pg, DATABASE);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static Map<String, String> config(Map<String, String> extra) {
    return EngineProcesses.config(kafka, pg, DATABASE, extra);
  }

  @Test
  void instancesSleepingWhenTheEngineIsKilledAllWakeOnceAfterARestart() {
    List<String> ids = new ArrayList<>();
    try (EngineProcess first = EngineProcess.start("first", config(Map.of()))) {
      for (int i = 0; i < 20; i++) {
        ids.add(
            first
                .api()
                .body("{\"params\":{\"seconds\":4}}")
                .post("/api/workflows/sleepy/instances")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
      }
      // every instance has reached its sleep (on a slow machine the first may wake before the last
      // sleeps)
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  ids.stream()
                      .allMatch(
                          id ->
                              first
                                      .api()
                                      .get("/api/workflows/sleepy/instances/" + id)
                                      .jsonPath()
                                      .getList("steps")
                                      .size()
                                  >= 2));
      first.kill();
    }

    try (EngineProcess second = EngineProcess.start("second", config(Map.of()))) {
      for (String id : ids) {
        JsonPath done =
            await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                    () -> second.api().get("/api/workflows/sleepy/instances/" + id).jsonPath(),
                    json -> json.getString("endedAt") != null);
        assertThat(done.getString("status")).as(id).isEqualTo("complete");
        assertThat(done.getList("steps.collect { it.attempts.size() }"))
            .as(id)
            .containsExactly(1, 0, 1);
        assertThat(Instant.parse(done.getString("steps[1].endedAt")))
            .isAfterOrEqualTo(Instant.parse(done.getString("steps[1].wakeAt")));
      }
    }
  }

  @Test
  void aWaitOnOneReplicaIsAnsweredWhenTheOtherEndsTheInstance() throws Exception {
    ExecutorService waiters = Executors.newFixedThreadPool(20);
    try (EngineProcess a = EngineProcess.start("waits-a", config(Map.of()));
        EngineProcess b = EngineProcess.start("waits-b", config(Map.of()))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ids.add(
            a.api()
                .body("{\"params\":{\"seconds\":4}}")
                .post("/api/workflows/sleepy/instances")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
      }
      Instant asked = Instant.now();
      // each replica waits for half of them; whichever replica advances an instance, the other
      // hears
      // of its end through the lifecycle topic
      List<CompletableFuture<io.restassured.response.Response>> answers = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        EngineProcess asker = i % 2 == 0 ? a : b;
        String id = ids.get(i);
        answers.add(
            CompletableFuture.supplyAsync(
                () -> asker.api().get("/api/workflows/sleepy/instances/" + id + "?wait=3m"),
                waiters));
      }
      for (CompletableFuture<io.restassured.response.Response> answer : answers) {
        io.restassured.response.Response response = answer.get(4, TimeUnit.MINUTES);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("status")).isEqualTo("complete");
      }
      // answered by the ends' signals, not at the three-minute deadline
      assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(100));
    } finally {
      waiters.shutdownNow();
    }
  }

  @Test
  void twoReplicasCreateOneInstancePerCronFiring() throws Exception {
    Map<String, String> cron =
        config(
            Map.of(
                "stepwise.schedules.heartbeat", "* * * * * ?", "stepwise.cron.catch-up", "none"));
    Instant stopped;
    try (EngineProcess a = EngineProcess.start("replica-a", cron);
        EngineProcess b = EngineProcess.start("replica-b", cron)) {
      Instant bothUp = Instant.now();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> cronFirings().stream().filter(t -> t.isAfter(bothUp)).count() >= 6);
      stopped = Instant.now();
    }

    List<Instant> firings = cronFirings();
    assertThat(firings).doesNotHaveDuplicates();
    List<Instant> whileBothRan =
        firings.stream().filter(t -> t.isBefore(stopped.minusSeconds(1))).toList();
    for (int i = 1; i < whileBothRan.size(); i++) {
      assertThat(Duration.between(whileBothRan.get(i - 1), whileBothRan.get(i)))
          .isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void aRollingRestartLosesNoStepAndRecordsNoneTwice() {
    List<String> ids = new ArrayList<>();
    EngineProcess first = EngineProcess.start("rolling-1", config(Map.of()));
    EngineProcess second = null;
    EngineProcess third = null;
    try {
      for (int i = 0; i < 30; i++) {
        ids.add(
            first
                .api()
                .body("{\"params\":{\"steps\":40}}")
                .post("/api/workflows/chain/instances")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
      }
      // as a Deployment rolls: a new pod comes up, then the old one gets SIGTERM; twice
      second = EngineProcess.start("rolling-2", config(Map.of()));
      first.stop();
      third = EngineProcess.start("rolling-3", config(Map.of()));
      second.stop();
      EngineProcess last = third;
      for (String id : ids) {
        JsonPath done =
            await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(
                    () -> last.api().get("/api/workflows/chain/instances/" + id).jsonPath(),
                    json -> json.getString("endedAt") != null);
        assertThat(done.getString("status")).as(id).isEqualTo("complete");
        assertThat(done.getInt("output")).as(id).isEqualTo(40);
        assertThat(done.getList("steps.collect { it.attempts.size() }"))
            .as(id)
            .hasSize(40)
            .containsOnly(1);
      }
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
      if (third != null) {
        third.close();
      }
    }
  }

  @Test
  void readinessIsDownWhileKafkaIsAwayAndLivenessStaysUp() throws Exception {
    try (EngineProcess engine = EngineProcess.start("readiness", config(Map.of()))) {
      assertThat(engine.health("ready")).isEqualTo(200);
      int port =
          Integer.parseInt(
              kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));

      kafka.close();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> engine.health("ready") == 503);
      assertThat(engine.health("live")).isEqualTo(200);

      kafka = EmbeddedKafka.start(kafkaDir, port, 4);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> engine.health("ready") == 200);
      String id =
          engine
              .api()
              .body("{\"params\":{\"steps\":3}}")
              .post("/api/workflows/chain/instances")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  "complete"
                      .equals(
                          engine.api().get("/api/workflows/chain/instances/" + id).path("status")));
    }
  }

  @Test
  void readinessIsDownWhilePostgresIsAway() throws Exception {
    Path data = Files.createTempDirectory("stepwise-it-pg-");
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres own = startPostgres(data, port);
    LocalPostgres.Server server = new LocalPostgres.Server("127.0.0.1", port, "postgres");
    LocalPostgres.ensureDatabase(server, "stepwise");
    try (EngineProcess engine =
        EngineProcess.start(
            "pg-readiness", EngineProcesses.config(kafka, server, "stepwise", Map.of()))) {
      assertThat(engine.health("ready")).isEqualTo(200);

      own.close();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> engine.health("ready") == 503);
      assertThat(engine.health("live")).isEqualTo(200);

      own = startPostgres(data, port);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> engine.health("ready") == 200);
    } finally {
      own.close();
    }
  }

  @Test
  void everyKafkaClientAuthenticatesWithTheConfiguredSasl() throws Exception {
    EmbeddedKafka.SaslUser user = new EmbeddedKafka.SaslUser("stepwise", "sasl-secret-0123456789");
    try (EmbeddedKafka secured =
        EmbeddedKafka.startWithSasl(Files.createTempDirectory("stepwise-it-sasl-"), 4, user)) {
      EngineProcesses.recreateDatabase(pg, "stepwise_sasl");
      Map<String, String> config =
          new HashMap<>(
              EngineProcesses.config(
                  secured,
                  pg,
                  "stepwise_sasl",
                  Map.of(
                      "kafka.security.protocol", "SASL_PLAINTEXT",
                      "kafka.sasl.mechanism", "PLAIN",
                      "kafka.sasl.jaas.config",
                          "org.apache.kafka.common.security.plain.PlainLoginModule required"
                              + " username=\""
                              + user.name()
                              + "\" password=\""
                              + user.password()
                              + "\";")));
      config.put("kafka.bootstrap.servers", secured.saslBootstrapServers());
      // INFO, Kafka's too: the clients log their SASL login, and whatever else they say about it
      config.put("quarkus.log.level", "INFO");
      config.put("quarkus.log.category.\"org.apache.kafka\".level", "INFO");
      // ready means the topic admin, every consumer group and the producers reached the broker
      try (EngineProcess engine = EngineProcess.start("sasl", config)) {
        String id =
            engine
                .api()
                .body("{\"params\":{\"seconds\":0.5}}")
                .post("/api/workflows/sleepy/instances")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    "complete"
                        .equals(
                            engine
                                .api()
                                .get("/api/workflows/sleepy/instances/" + id)
                                .path("status")));
        engine
            .api()
            .header("Authorization", "Bearer not-a-key-but-logged-nowhere")
            .get("/api/workflows")
            .then()
            .statusCode(401);

        // The launcher script in bin/ against the packaged service, with the key from the
        // environment.
        CliRun described =
            stepwiseCli(engine, EngineProcesses.OPERATE_KEY, "instances", "describe", "sleepy", id);
        assertThat(described.exitCode()).as(described.output()).isZero();
        assertThat(described.output()).contains("Instance:  " + id, "Status:    complete", "nap");
        CliRun refused = stepwiseCli(engine, "", "workflows", "list");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("HTTP 401", "set STEPWISE_API_KEY");
      }
      String log = Files.readString(Path.of("target/engine-sasl.log"));
      assertThat(log)
          .contains("Successfully logged in")
          .doesNotContain(
              user.password(), EngineProcesses.OPERATE_KEY, "not-a-key-but-logged-nowhere");
    }
  }

  @Test
  void theDashboardAsksForTheApiKeyAndFollowsAnInstanceLiveWithIt() {
    try (EngineProcess engine = EngineProcess.start("dashboard", config(Map.of()));
        Browser browser = Browser.start()) {
      String id =
          engine
              .api()
              .body("{\"params\":{\"seconds\":10}}")
              .post("/api/workflows/sleepy/instances")
              .then()
              .statusCode(201)
              .extract()
              .path("id");

      browser.open(engine.url() + "/dashboard/#/w/sleepy/i/" + id);
      browser.waitFor(d -> !browser.findAll("#api-key-form").isEmpty());
      browser.find("#api-key").sendKeys("a-wrong-key-of-enough-length");
      browser.find("#api-key-form button").click();
      browser.waitForText("#notice.error", "That API key was refused");
      browser.screenshot("api-key-refused");

      browser.find("#api-key").sendKeys(EngineProcesses.OPERATE_KEY);
      browser.find("#api-key-form button").click();
      // The page follows the instance over SSE with the key: it sees the sleep end without a
      // reload.
      browser.waitForText("#instance-status", "waiting");
      browser.waitForText("#instance-status", "complete");
      assertThat(browser.findAll(".row[data-step='nap'][data-status='complete'] .bar.sleep"))
          .hasSize(1);
      assertThat(browser.find("#key-state").getText()).isEqualTo("API key set");
    }
  }

  record CliRun(int exitCode, String output) {}

  /** Runs {@code bin/stepwise} as a user would, with STEPWISE_API_KEY set to {@code apiKey}. */
  private static CliRun stepwiseCli(EngineProcess engine, String apiKey, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("bin/stepwise", "--url", engine.url()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("STEPWISE_API_KEY", apiKey);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new CliRun(process.exitValue(), output);
  }

  private static EmbeddedPostgres startPostgres(Path data, int port) throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  /** The scheduled times of the chain's cron instances, from the database, oldest first. */
  private static List<Instant> cronFirings() throws Exception {
    List<Instant> firings = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(DATABASE), pg.user(), "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select params -> 'v' ->> 'scheduledTime' from workflow_instance"
                    + " where workflow = 'heartbeat' and instance_id like 'cron-%' order by 1")) {
      while (rs.next()) {
        firings.add(Instant.parse(rs.getString(1)));
      }
    }
    return firings;
  }
}
