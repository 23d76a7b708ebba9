package io.stepwise.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages of different instances at once, of one instance in order, and no more than the limit.
 */
class InstanceLanesTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** Work that records its start, then ends when the test completes {@code release}. */
  private Supplier<Uni<Void>> work(String name, CompletableFuture<Void> release) {
    return () -> {
      events.add("start " + name);
      return Uni.createFrom().completionStage(release).invoke(() -> events.add("end " + name));
    };
  }

  @Test
  void differentInstancesRunAtOnceAndOneInstanceInOrder() {
    InstanceLanes lanes = new InstanceLanes(10);
    CompletableFuture<Void> releaseA1 = new CompletableFuture<>();
    CompletableFuture<Void> releaseA2 = new CompletableFuture<>();
    CompletableFuture<Void> releaseB = new CompletableFuture<>();
    CompletableFuture<Void> a1Done = new CompletableFuture<>();
    CompletableFuture<Void> a2Done = new CompletableFuture<>();
    CompletableFuture<Void> bDone = new CompletableFuture<>();

    lanes.submit(1, context, work("a1", releaseA1), a1Done);
    lanes.submit(1, context, work("a2", releaseA2), a2Done);
    lanes.submit(2, context, work("b", releaseB), bDone);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> events.containsAll(List.of("start a1", "start b")));
    assertThat(events).as("a2 waits for a1").doesNotContain("start a2");

    releaseA2.complete(null); // a2's own work may finish at once, but it has not started yet
    releaseB.complete(null);
    await().atMost(Duration.ofSeconds(5)).until(bDone::isDone);
    assertThat(events).doesNotContain("start a2");

    releaseA1.complete(null);
    await().atMost(Duration.ofSeconds(5)).until(a2Done::isDone);
    assertThat(events.indexOf("end a1")).isLessThan(events.indexOf("start a2"));
  }

  @Test
  void theConsumerWaitsWhileTheLimitIsInFlight() {
    InstanceLanes lanes = new InstanceLanes(2);
    CompletableFuture<Void> release1 = new CompletableFuture<>();
    CompletableFuture<Void> release2 = new CompletableFuture<>();
    CompletionStage<Void> first =
        lanes.submit(1, context, work("1", release1), new CompletableFuture<>());
    CompletionStage<Void> second =
        lanes.submit(2, context, work("2", release2), new CompletableFuture<>());
    assertThat(first.toCompletableFuture()).isDone();
    assertThat(second.toCompletableFuture()).as("two in flight: the limit").isNotDone();

    release1.complete(null);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.toCompletableFuture().isDone());
  }

  @Test
  void aFailureReachesItsMessageAndFreesTheLane() {
    InstanceLanes lanes = new InstanceLanes(10);
    CompletableFuture<Void> failed = new CompletableFuture<>();
    CompletableFuture<Void> next = new CompletableFuture<>();
    lanes.submit(
        1, context, () -> Uni.createFrom().failure(new IllegalStateException("boom")), failed);
    lanes.submit(1, context, () -> Uni.createFrom().voidItem(), next);
    await().atMost(Duration.ofSeconds(5)).until(() -> failed.isDone() && next.isDone());
    assertThat(failed).isCompletedExceptionally();
    assertThat(next).isCompleted();
  }
}
