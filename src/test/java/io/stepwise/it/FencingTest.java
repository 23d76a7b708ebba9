package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.runtime.InstanceAdvancer;
import io.stepwise.testworkflows.ExecutionLog;
import io.stepwise.testworkflows.StepGate;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Fencing: an attempt whose replica lost the instance's partition while its body ran (here: the
 * same step message handled a second time, as the replica that got the partition would) cannot
 * record its result once a newer attempt has started — even if it finishes first.
 */
@QuarkusTest
class FencingTest {

  @Inject InstanceAdvancer advancer;
  @Inject EngineMetrics metrics;

  @Test
  void anOlderAttemptThatFinishesFirstIsNotRecorded() throws Exception {
    String id = Api.create("contested", Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "contested") == 1);
    TestDatabase.Row row = TestDatabase.instance("contested", id);

    // The "new owner" of the partition handles the same message while the first body still runs.
    CompletableFuture<Void> newOwner = handleAsANewOwner(row);
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "contested") == 2);

    double fencedBefore = metrics.fencedAttempts();
    StepGate.open(id + "#1"); // the older attempt finishes first...
    await().atMost(Duration.ofSeconds(30)).until(() -> metrics.fencedAttempts() > fencedBefore);
    JsonPath meanwhile = Api.get("contested", id);
    assertThat(meanwhile.getString("status")).isEqualTo("running");
    assertThat(meanwhile.getList("steps")).as("...and is not recorded").isEmpty();

    assertNewestAttemptWins("contested", id, newOwner, 0);
  }

  /** Handles the instance's current step message as the replica that got its partition would. */
  private CompletableFuture<Void> handleAsANewOwner(TestDatabase.Row row) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            VertxContextSupport.subscribeAndAwait(() -> advancer.advance(row.pk(), row.seq()));
          } catch (Throwable e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /**
   * The instance's own step message, which waited behind the attempt just fenced, begins a third
   * attempt (it is a newer owner too): the second attempt, finishing next, is not recorded either,
   * and the third's result is the one recorded.
   */
  private void assertNewestAttemptWins(
      String workflow, String id, CompletableFuture<Void> newOwner, int step) throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "contested") == 3);
    double fencedBefore = metrics.fencedAttempts();
    StepGate.open(id + "#2");
    newOwner.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> metrics.fencedAttempts() > fencedBefore);
    assertThat(Api.get(workflow, id).getList("steps"))
        .as("the second attempt is not recorded")
        .hasSize(step);

    StepGate.open(id + "#3");
    JsonPath done = Api.awaitStatus(workflow, id, "complete");
    assertThat(done.getInt("output"))
        .as("the newest attempt's result is the one recorded")
        .isEqualTo(3);
    assertThat(done.getList("steps[" + step + "].attempts")).hasSize(1);
  }

  /**
   * The same on the inline path: the second step runs inline with the attempt its predecessor's
   * commit began; a new owner that handles the second step's message begins a newer attempt, and
   * the inline attempt, finishing first, is not recorded.
   */
  @Test
  void anInlineAttemptOvertakenByANewOwnerIsNotRecorded() throws Exception {
    double inlineBefore = metrics.inlineSteps();
    String id = Api.create("contested-after-a-step", Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "contested") == 1);
    assertThat(metrics.inlineSteps())
        .as("the contested step runs inline")
        .isGreaterThan(inlineBefore);
    TestDatabase.Row row = TestDatabase.instance("contested-after-a-step", id);

    CompletableFuture<Void> newOwner = handleAsANewOwner(row);
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "contested") == 2);

    double fencedBefore = metrics.fencedAttempts();
    StepGate.open(id + "#1");
    await().atMost(Duration.ofSeconds(30)).until(() -> metrics.fencedAttempts() > fencedBefore);
    assertThat(Api.get("contested-after-a-step", id).getList("steps"))
        .as("only the quick step")
        .hasSize(1);

    assertNewestAttemptWins("contested-after-a-step", id, newOwner, 1);
  }
}
