package io.stepwise.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the chaos run left in the database, checked against what was planned: lost, forked and
 * twice-recorded instances and steps, and bodies that ran again — after their result was recorded
 * (a bug) or after a crash came before it was (allowed, counted).
 */
final class Ledger {

  /** Opens a connection to the database under test. */
  interface Connections {
    Connection open() throws SQLException;
  }

  /**
   * The engine's clock ticks in milliseconds while PostgreSQL's counts microseconds: a body's own
   * execution can look up to a tick younger than its recorded end. A body run after its result was
   * recorded starts much later (a whole message later).
   */
  private static final Duration CLOCK_TICK = Duration.ofMillis(2);

  private record Instance(String status, String output) {}

  private record StepRow(String key, String status, Instant endedAt, int attempts, int succeeded) {}

  private int lost;
  private int forked;
  private int recordedTwice;
  private int ranAgainAfterRecorded;
  private int ranAgainBeforeRecorded;
  private final List<String> problems = new ArrayList<>();

  static Ledger read(Connections db, List<ChaosIT.Planned> planned) throws SQLException {
    Ledger ledger = new Ledger();
    try (Connection c = db.open();
        Statement s = c.createStatement()) {
      Map<String, Instance> instances = new HashMap<>();
      try (ResultSet rs =
          s.executeQuery(
              "select instance_id, status, output ->> 'v' from workflow_instance where workflow = 'chaos-mix'")) {
        while (rs.next()) {
          instances.put(rs.getString(1), new Instance(rs.getString(2), rs.getString(3)));
        }
      }
      Map<String, List<StepRow>> steps = new HashMap<>();
      try (ResultSet rs =
          s.executeQuery(
              "select i.instance_id, s.name || '#' || s.occurrence, s.status, s.ended_at,"
                  + " jsonb_array_length(s.attempts -> 'v'),"
                  + " jsonb_array_length(jsonb_path_query_array(s.attempts -> 'v', '$[*] ? (@.success == true)'))"
                  + " from step_record s join workflow_instance i on i.pk = s.instance_pk where i.workflow = 'chaos-mix'")) {
        while (rs.next()) {
          steps
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new StepRow(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                      rs.getInt(5),
                      rs.getInt(6)));
        }
      }
      Map<String, List<Instant>> executions = new HashMap<>();
      try (ResultSet rs =
          s.executeQuery(
              "select instance_id || '/' || step || '#' || occurrence, started_at from verification.body_execution")) {
        while (rs.next()) {
          executions
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(rs.getTimestamp(2).toInstant());
        }
      }
      for (ChaosIT.Planned plan : planned) {
        ledger.check(
            plan, instances.get(plan.id()), steps.getOrDefault(plan.id(), List.of()), executions);
      }
    }
    return ledger;
  }

  private void check(
      ChaosIT.Planned plan,
      Instance instance,
      List<StepRow> steps,
      Map<String, List<Instant>> executions) {
    if (instance == null || !"complete".equals(instance.status())) {
      lost++;
      problem(plan.id() + " is " + (instance == null ? "missing" : instance.status()));
      return;
    }
    List<String> keys = steps.stream().map(StepRow::key).sorted().toList();
    if (!keys.equals(plan.stepKeys().stream().sorted().toList())
        || !Integer.toString(plan.output()).equals(instance.output())) {
      forked++;
      problem(
          plan.id()
              + " has steps "
              + keys
              + " and output "
              + instance.output()
              + "; expected "
              + plan.stepKeys()
              + " and "
              + plan.output());
    }
    recordedTwice += (int) (keys.size() - keys.stream().distinct().count());
    for (StepRow step : steps) {
      if (step.succeeded() > 1) {
        recordedTwice++;
        problem(plan.id() + "/" + step.key() + " has " + step.succeeded() + " successful attempts");
      }
      List<Instant> ran = executions.getOrDefault(plan.id() + "/" + step.key(), List.of());
      if (ran.isEmpty()) {
        continue; // a sleep or a wait: no body
      }
      ranAgainBeforeRecorded += Math.max(0, ran.size() - step.attempts());
      for (Instant started : ran) {
        if (step.endedAt() != null && started.isAfter(step.endedAt().plus(CLOCK_TICK))) {
          ranAgainAfterRecorded++;
          problem(
              plan.id()
                  + "/"
                  + step.key()
                  + " ran at "
                  + started
                  + ", after its result was recorded at "
                  + step.endedAt());
        }
      }
    }
  }

  private void problem(String problem) {
    if (problems.size() < 20) {
      problems.add(problem);
    }
  }

  int lost() {
    return lost;
  }

  int forked() {
    return forked;
  }

  int recordedTwice() {
    return recordedTwice;
  }

  int ranAgainAfterRecorded() {
    return ranAgainAfterRecorded;
  }

  int ranAgainBeforeRecorded() {
    return ranAgainBeforeRecorded;
  }

  List<String> problems() {
    return problems;
  }
}
