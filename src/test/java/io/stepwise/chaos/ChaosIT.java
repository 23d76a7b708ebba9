package io.stepwise.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import io.stepwise.it.EngineProcess;
import io.stepwise.it.EngineProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite: three engine processes (the packaged service) in one consumer group run a mixed
 * workload (chains, sleeps, retried steps, parallel steps, waits for events) while the suite kills
 * one of two of them with -9 every three seconds (at any moment: starting, working), makes them
 * crash themselves at the engine's fault points, restarts the Kafka broker and PostgreSQL under
 * them, terminates their database connections, freezes one for longer than its Kafka session (a
 * zombie, thawed while its partitions belong to others), and publishes duplicate, stale and
 * reordered copies of their messages. Every step body records its executions in {@code
 * verification.body_execution}. At the end it prints what it did and asserts that nothing was lost,
 * forked, recorded twice, or run again after its result was recorded.
 */
class ChaosIT {

  private static final String DATABASE = "stepwise";
  private static final int ENGINES = 3;

  /** Engine deaths: kill -9 by the suite plus crashes at the fault points. */
  private static final int KILLS = 50;

  /** Instances are created until this many deaths, so the last ones live through kills too. */
  private static final int CREATE_UNTIL_KILLS = 40;

  /**
   * A dead member holds its partitions until its session times out; the chaos engines use Kafka's
   * shortest (6 s), as they are killed every 3 s.
   */
  private static final Map<String, String> CHAOS_CONSUMERS =
      Map.of(
          "mp.messaging.incoming.steps-in.session.timeout.ms", "6000",
          "mp.messaging.incoming.timers-in.session.timeout.ms", "6000",
          "mp.messaging.incoming.events-in.session.timeout.ms", "6000",
          "mp.messaging.incoming.triggers-in.session.timeout.ms", "6000",
          "stepwise.verification.enabled", "true",
          "stepwise.examples.enabled", "false");

  private static final int EVENT_ADD = 7;

  /**
   * Longer than the chaos engines' 6 s session: the frozen engine's partitions move, and it thaws
   * as a zombie with attempts in flight that must not be recorded.
   */
  private static final Duration ZOMBIE_FREEZE = Duration.ofSeconds(10);

  private final ScheduledExecutorService thawer = Executors.newSingleThreadScheduledExecutor();

  /** Created as soon as an engine answers, so the first kills find work in flight. */
  private static final int INITIAL_INSTANCES = 100;

  private final long seed = Long.getLong("chaos.seed", System.nanoTime());
  private final Random random = new Random(seed);
  private Path dir;
  private volatile EmbeddedKafka kafka;
  private int kafkaPort;
  private volatile EmbeddedPostgres postgres;
  private LocalPostgres.Server pg;

  private final List<Planned> created = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Planned> toCreate = new ConcurrentLinkedDeque<>();
  private final AtomicInteger kills = new AtomicInteger();
  private final List<String> faultsDone = new CopyOnWriteArrayList<>();

  /** One instance of the workload and what it must end with. */
  record Planned(
      String id, int steps, Long sleepMillis, boolean flaky, int fanOut, boolean waitEvent) {

    String body() {
      return "{\"id\":\""
          + id
          + "\",\"params\":{\"steps\":"
          + steps
          + ",\"sleepMillis\":"
          + sleepMillis
          + ",\"flaky\":"
          + flaky
          + ",\"fanOut\":"
          + fanOut
          + ",\"waitEvent\":"
          + waitEvent
          + "}}";
    }

    int output() {
      return steps
          + (sleepMillis != null ? 1 : 0)
          + (flaky ? 1 : 0)
          + fanOut
          + (waitEvent ? EVENT_ADD : 0);
    }

    /** The step records of one branch: what ChaosMixWorkflow runs for these params. */
    List<String> stepKeys() {
      List<String> keys = new ArrayList<>();
      for (int i = 1; i <= steps; i++) {
        keys.add("add#" + i);
      }
      if (sleepMillis != null) {
        keys.addAll(List.of("nap#1", "after nap#1"));
      }
      if (flaky) {
        keys.add("flaky#1");
      }
      for (int i = 1; i <= fanOut; i++) {
        keys.add("fan#" + i);
      }
      if (waitEvent) {
        keys.add("go#1");
      }
      return keys;
    }
  }

  @Test
  void killsCrashesRestartsAndDuplicatesLoseNothingAndRunNoCompletedStepAgain() throws Exception {
    long began = System.nanoTime();
    startServices();
    ScheduledExecutorService creator = Executors.newSingleThreadScheduledExecutor();
    ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    KafkaProducer<String, String> events = producer();
    MessageDuplicator duplicator =
        new MessageDuplicator(kafka.bootstrapServers(), 0.2, new Random(seed + 1));
    EngineSlots engines =
        new EngineSlots(
            ENGINES,
            () -> EngineProcesses.config(kafka, pg, DATABASE, CHAOS_CONSUMERS),
            new Random(seed + 2));
    boolean settled;
    try {
      AtomicInteger planned = new AtomicInteger();
      for (int i = 0; i < INITIAL_INSTANCES; i++) {
        toCreate.add(plan(planned.incrementAndGet()));
      }
      creator.scheduleWithFixedDelay(
          () -> {
            // more each second while the kills go on (a bounded backlog while no engine answers)
            // (and until an engine has crashed at a fault point: with no work in flight none would)
            boolean creating =
                kills.get() + engines.crashes() < CREATE_UNTIL_KILLS || engines.crashes() == 0;
            if (creating && toCreate.size() < 40) {
              for (int i = 0; i < 4; i++) {
                toCreate.add(plan(planned.incrementAndGet()));
              }
            }
            createPending(engines, events);
          },
          0,
          1,
          TimeUnit.SECONDS);
      killer.scheduleWithFixedDelay(() -> injectFault(engines), 5, 3, TimeUnit.SECONDS);

      // A fast engine can finish the workload between two kills: the suite goes on until the fault
      // points were crossed too, not only the kills counted.
      await()
          .atMost(Duration.ofMinutes(10))
          .until(() -> kills.get() + engines.crashes() >= KILLS && engines.crashes() > 0);
      killer.shutdownNow();
      killer.awaitTermination(60, TimeUnit.SECONDS);
      engines.faultsOff();
      settled = awaitAllComplete();
    } finally {
      killer.shutdownNow();
      creator.shutdownNow();
      thawer.shutdown();
      thawer.awaitTermination(ZOMBIE_FREEZE.toSeconds() + 5, TimeUnit.SECONDS);
      engines.close();
      duplicator.close();
      events.close();
    }

    Ledger ledger = Ledger.read(this::connect, created);
    System.out.printf(
        """
        ==== chaos suite (seed %d, %d engine processes, %.0f s) ====
        instances started:                                     %d
        kill -9 of an engine process by the suite:             %d
        engine crashes at fault points (exit at the point):    %s
        engine process starts:                                 %d
        other faults:                                          %s
        duplicate, stale and reordered messages published:     %d
        instances lost (not complete):                         %d
        completed steps whose body ran again after its result was recorded: %d
        instances with two branches (other steps or output):   %d
        step results recorded twice:                           %d
        bodies run again after a crash before their result was recorded (allowed): %d
        %n""",
        seed,
        ENGINES,
        (System.nanoTime() - began) / 1e9,
        created.size(),
        kills.get(),
        engines.crashesByPoint(),
        engines.starts(),
        faultsDone,
        duplicator.copies(),
        ledger.lost(),
        ledger.ranAgainAfterRecorded(),
        ledger.forked(),
        ledger.recordedTwice(),
        ledger.ranAgainBeforeRecorded());
    ledger.problems().forEach(problem -> System.out.println("  " + problem));

    assertThat(settled).as("every instance completed within the time allowed").isTrue();
    assertThat(toCreate).as("instances the suite could not create").isEmpty();
    assertThat(kills.get() + engines.crashes()).isGreaterThanOrEqualTo(KILLS);
    assertThat(engines.crashes()).isPositive();
    assertThat(faultsDone).hasSize(4);
    assertThat(ledger.lost()).isZero();
    assertThat(ledger.ranAgainAfterRecorded()).isZero();
    assertThat(ledger.forked()).isZero();
    assertThat(ledger.recordedTwice()).isZero();
  }

  private Planned plan(int n) {
    String id = "chaos-" + n;
    return switch (n % 5) {
      case 0 -> new Planned(id, 12, null, false, 0, false);
      case 1 -> new Planned(id, 3, 500L + random.nextInt(2000), false, 0, false);
      case 2 -> new Planned(id, 3, null, true, 0, false);
      case 3 -> new Planned(id, 1, null, false, 6, false);
      default -> new Planned(id, 2, null, false, 0, true);
    };
  }

  /** Creates what is pending on an engine that answers; 409 means an earlier try got through. */
  private void createPending(EngineSlots engines, KafkaProducer<String, String> events) {
    for (int i = toCreate.size(); i > 0; i--) {
      Planned next = toCreate.poll();
      if (next == null) {
        return;
      }
      try {
        if (engines.up().stream().noneMatch(engine -> created(engine, next))) {
          throw new IllegalStateException("no engine answered");
        }
        if (next.waitEvent()) {
          events
              .send(
                  new ProducerRecord<>(
                      "stepwise.events",
                      next.id(),
                      "{\"workflow\":\"chaos-mix\",\"id\":\""
                          + next.id()
                          + "\",\"type\":\"go\",\"payload\":{\"add\":"
                          + EVENT_ADD
                          + "}}"))
              .get(60, TimeUnit.SECONDS);
        }
        created.add(next);
      } catch (Exception notNow) {
        toCreate.addFirst(next); // tried again on the next tick
        return;
      }
    }
  }

  private static boolean created(EngineProcess engine, Planned planned) {
    try {
      int status =
          engine.api().body(planned.body()).post("/api/workflows/chaos-mix/instances").statusCode();
      return status == 201 || status == 409;
    } catch (RuntimeException refusedOrKilled) {
      return false;
    }
  }

  /**
   * Every three seconds a kill -9; at set points the broker, the database or their connections too.
   */
  private void injectFault(EngineSlots engines) {
    try {
      int done = kills.get() + engines.crashes();
      if (done >= 12 && faultsDone.isEmpty()) {
        kafka.close();
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, 4);
        faultsDone.add("Kafka broker restarted");
      } else if (done >= 25 && faultsDone.size() == 1) {
        postgres.close();
        postgres = startPostgres();
        faultsDone.add("PostgreSQL restarted");
      } else if (done >= 38 && faultsDone.size() == 2) {
        faultsDone.add(terminateBackends() + " database connections terminated");
      } else if (done >= 44 && faultsDone.size() == 3) {
        engines.up().stream()
            .findFirst()
            .ifPresent(
                zombie -> {
                  zombie.freeze();
                  thawer.schedule(zombie::thaw, ZOMBIE_FREEZE.toSeconds(), TimeUnit.SECONDS);
                  faultsDone.add(
                      "an engine frozen (SIGSTOP) for "
                          + ZOMBIE_FREEZE.toSeconds()
                          + " s, then thawed");
                });
      }
      if (engines.killOne()) {
        kills.incrementAndGet();
      }
    } catch (Exception e) {
      throw new IllegalStateException("injecting a fault failed", e);
    }
  }

  private boolean awaitAllComplete() {
    try {
      await()
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> toCreate.isEmpty() && completeCount() == created.size());
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private int completeCount() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from workflow_instance where workflow = 'chaos-mix' and status = 'complete'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private int terminateBackends() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where datname = '"
                    + DATABASE
                    + "' and pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void startServices() throws Exception {
    dir = Files.createTempDirectory("stepwise-chaos-");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 4);
    String bootstrap = kafka.bootstrapServers();
    kafkaPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    try (ServerSocket socket = new ServerSocket(0)) {
      pg = new LocalPostgres.Server("127.0.0.1", socket.getLocalPort(), "postgres");
    }
    postgres = startPostgres();
    LocalPostgres.ensureDatabase(pg, DATABASE);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // In a schema of its own: the engine's schema belongs to Flyway.
      s.execute("create schema verification");
      s.execute(
          "create table verification.body_execution (id bigserial primary key, workflow text not null,"
              + " instance_id text not null, step text not null, occurrence int not null, attempt int not null,"
              + " replica text not null, started_at timestamptz not null default clock_timestamp())");
    }
  }

  private EmbeddedPostgres startPostgres() throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("postgres"))
        .setCleanDataDirectory(false)
        .setPort(pg.port())
        .start();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(DATABASE), pg.user(), "");
  }

  private KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            30_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            60_000));
  }
}
