package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.stepwise.engine.ConsumedEvent;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.Transition;
import io.stepwise.persistence.Committed;
import io.stepwise.persistence.FencedAttemptException;
import io.stepwise.persistence.InstanceStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Group commit: commits of different instances that are ready at the same moment share one
 * transaction, and each keeps its own answer — a stale or fenced one is refused alone, and a group
 * whose transaction fails at a write is committed again one by one, so only the failing commit is
 * lost.
 */
@QuarkusTest
class GroupCommitTest {

  /** The commits that queue behind the ones holding every transaction slot. */
  private static final int INSTANCES = 12;

  @Inject InstanceStore store;
  @Inject MeterRegistry registry;
  @Inject Vertx vertx;

  @Test
  void chainsStartedTogetherShareTransactionsAndEachEndsAsItsOwnHistorySays() {
    double fallbacksBefore = registry.counter("stepwise.commits.group.fallbacks").count();
    double commitsBefore = groupSummary().totalAmount();
    double transactionsBefore = groupSummary().count();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(Api.create("chain", Map.of("steps", 10)));
    }
    for (String id : ids) {
      var done = Api.awaitStatus("chain", id, "complete");
      assertThat(done.getList("steps")).as(id).hasSize(10);
      assertThat(done.getList("steps.collect { it.attempts.size() }")).as(id).containsOnly(1);
    }
    double commits = groupSummary().totalAmount() - commitsBefore;
    double transactions = groupSummary().count() - transactionsBefore;
    assertThat(commits)
        .as("every step committed through the group commit")
        .isGreaterThanOrEqualTo(400);
    assertThat(transactions)
        .as("fewer transactions than commits: some shared one")
        .isLessThan(commits);
    assertThat(registry.counter("stepwise.commits.group.fallbacks").count())
        .as("no group failed: shared transactions are the rule, not a detour")
        .isEqualTo(fallbacksBefore);
  }

  @Test
  void aStaleAFencedAndAFailingCommitInAGroupCostOnlyThemselves() throws Exception {
    int inFlight =
        ConfigProvider.getConfig().getValue("stepwise.commits.group.max-in-flight", Integer.class);
    List<String> ids = new ArrayList<>();
    List<TestDatabase.Row> rows = new ArrayList<>();
    for (int i = 0; i < inFlight + INSTANCES; i++) {
      String id = Api.create("approval", Map.of("timeoutSeconds", 3600));
      Api.awaitStatus("approval", id, "waiting");
      ids.add(id);
      rows.add(TestDatabase.instance("approval", id));
    }
    double fallbacksBefore = registry.counter("stepwise.commits.group.fallbacks").count();

    List<CompletableFuture<Optional<Committed>>> answers = new ArrayList<>();
    try (Connection db = TestDatabase.connect()) {
      // The first commits hold every transaction slot, waiting for rows this test has locked...
      db.setAutoCommit(false);
      try (Statement lock = db.createStatement()) {
        lock.execute(
            "select pk from workflow_instance where pk in ("
                + rows.subList(0, inFlight).stream()
                    .map(row -> Long.toString(row.pk()))
                    .collect(Collectors.joining(","))
                + ") for update");
      }
      for (int i = 0; i < inFlight; i++) {
        answers.add(
            commitOnOwnContext(rows.get(i).pk(), waitingAgain(rows.get(i).seq(), List.of()), null));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> TestDatabase.waitingForLocks() >= inFlight);
      // ...so the others queue and then go in one group: a stale, a fenced and a failing one among
      // them.
      for (int i = inFlight; i < rows.size(); i++) {
        TestDatabase.Row row = rows.get(i);
        int fromEnd = rows.size() - i;
        long expectedSeq = fromEnd == 3 ? row.seq() - 1 : row.seq(); // stale
        UUID token = fromEnd == 2 ? UUID.randomUUID() : null; // fenced: not the instance's attempt
        List<ConsumedEvent> consumed =
            fromEnd == 1
                ? List.of(
                    new ConsumedEvent(-1, new StepKey("no such event", 1))) // fails at its write
                : List.of();
        answers.add(commitOnOwnContext(row.pk(), waitingAgain(expectedSeq, consumed), token));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> registry.get("stepwise.commits.group.queued").gauge().value() >= INSTANCES);
      db.commit();
    }

    int failing = rows.size() - 1;
    for (int i = 0; i < failing - 2; i++) {
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).as("commit %d", i).isPresent();
      assertThat(TestDatabase.instance("approval", ids.get(i)).seq())
          .isEqualTo(rows.get(i).seq() + 1);
    }
    assertThat(answers.get(failing - 2).get(30, TimeUnit.SECONDS)).as("stale").isEmpty();
    assertThatFenced(answers.get(failing - 1));
    assertThat(answers.get(failing).get(30, TimeUnit.SECONDS))
        .as("its event was not there")
        .isEmpty();
    for (int i = failing - 2; i <= failing; i++) {
      assertThat(TestDatabase.instance("approval", ids.get(i)).seq())
          .as("commit %d wrote nothing", i)
          .isEqualTo(rows.get(i).seq());
    }
    assertThat(registry.counter("stepwise.commits.group.fallbacks").count())
        .as("the group failed at the failing commit's write and its commits were made alone")
        .isGreaterThan(fallbacksBefore);
  }

  /** The instance stays waiting, one sequence on. */
  private static Transition waitingAgain(long expectedSeq, List<ConsumedEvent> consumed) {
    return new Transition(
        expectedSeq,
        InstanceStatus.WAITING,
        null,
        null,
        null,
        null,
        List.of(),
        consumed,
        null,
        null,
        List.of());
  }

  private io.micrometer.core.instrument.DistributionSummary groupSummary() {
    return registry.get("stepwise.commits.group.size").summary();
  }

  private CompletableFuture<Optional<Committed>> commitOnOwnContext(
      long pk, Transition transition, UUID token) {
    CompletableFuture<Optional<Committed>> answer = new CompletableFuture<>();
    Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    VertxContextSafetyToggle.setContextSafe(context, true); // as the engine's message contexts are
    context.runOnContext(
        ignored ->
            store
                .commit(pk, transition, Instant.now(), token, Set.of(), null)
                .subscribe()
                .with(answer::complete, answer::completeExceptionally));
    return answer;
  }

  private static void assertThatFenced(CompletableFuture<Optional<Committed>> answer) {
    try {
      answer.get(30, TimeUnit.SECONDS);
      throw new AssertionError("a commit under an attempt that is not the instance's was recorded");
    } catch (ExecutionException expected) {
      assertThat(expected.getCause()).isInstanceOf(FencedAttemptException.class);
    } catch (Exception other) {
      throw new AssertionError(other);
    }
  }
}
