package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.stepwise.messaging.StepMessage;
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
 * record its result once the newer attempt has started — even if it finishes first.
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
    CompletableFuture<Void> newOwner = CompletableFuture.runAsync(() -> {
      try {
        VertxContextSupport.subscribeAndAwait(() -> advancer.advance(row.pk(), row.seq()));
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionLog.runs(id, "contested") == 2);

    double fencedBefore = metrics.fencedAttempts();
    StepGate.open(id + "#1"); // the older attempt finishes first...
    await().atMost(Duration.ofSeconds(30)).until(() -> metrics.fencedAttempts() > fencedBefore);
    JsonPath meanwhile = Api.get("contested", id);
    assertThat(meanwhile.getString("status")).isEqualTo("running");
    assertThat(meanwhile.getList("steps")).as("...and is not recorded").isEmpty();

    StepGate.open(id + "#2");
    newOwner.get();
    JsonPath done = Api.awaitStatus("contested", id, "complete");
    assertThat(done.getInt("output")).as("the newer attempt's result is the one recorded").isEqualTo(2);
    assertThat(done.getList("steps[0].attempts")).hasSize(1);
  }
}
