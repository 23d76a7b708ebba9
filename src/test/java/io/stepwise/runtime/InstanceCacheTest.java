package io.stepwise.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.stepwise.engine.Attempt;
import io.stepwise.engine.ConsumedEvent;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Outbound;
import io.stepwise.engine.PendingEvent;
import io.stepwise.engine.Rollback;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.StepState;
import io.stepwise.engine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the cache keeps after a commit, and when it lets go. */
class InstanceCacheTest {

  private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
  private static final StepKey FIRST = new StepKey("first", 1);
  private static final StepKey SECOND = new StepKey("second", 1);

  private final InstanceCache cache = new InstanceCache(1_000);

  private static InstanceState running(long pk, long seq, List<PendingEvent> events) {
    StepState first =
        StepState.fresh(FIRST).succeeded(new Attempt(1, NOW, NOW, true, null), IntNode.valueOf(1));
    return new InstanceState(
        pk,
        "w",
        "id-" + pk,
        InstanceStatus.RUNNING,
        null,
        seq,
        NOW,
        Map.of(FIRST, first),
        events,
        null);
  }

  private static Transition stepDone(InstanceState instance, List<ConsumedEvent> consumed) {
    StepState second =
        StepState.fresh(SECOND).succeeded(new Attempt(1, NOW, NOW, true, null), IntNode.valueOf(2));
    return new Transition(
        instance.seq(),
        InstanceStatus.RUNNING,
        null,
        null,
        null,
        null,
        List.of(second),
        consumed,
        null,
        null,
        List.of(new Outbound.RunNext(instance.seq() + 1)));
  }

  @Test
  void keepsTheStateACommitLeavesForTheNextSequenceOnly() {
    PendingEvent kept = new PendingEvent(7, "a", null, NOW);
    PendingEvent used = new PendingEvent(8, "b", null, NOW);
    InstanceState instance = running(1, 4, List.of(kept, used));
    cache.committed(0, instance, stepDone(instance, List.of(new ConsumedEvent(8, SECOND))));

    assertThat(cache.find(1, 4)).as("the sequence the message handled is stale now").isEmpty();
    assertThat(cache.isPast(1, 4)).isTrue();
    assertThat(cache.isPast(1, 5)).isFalse();
    assertThat(cache.isPast(2, 1)).as("an instance not cached").isFalse();
    InstanceState next = cache.find(1, 5).orElseThrow();
    assertThat(next.steps()).containsOnlyKeys(FIRST, SECOND);
    assertThat(next.steps().get(SECOND).result()).isEqualTo(IntNode.valueOf(2));
    assertThat(next.events()).containsExactly(kept);
    assertThat(next.status()).isEqualTo(InstanceStatus.RUNNING);
  }

  @Test
  void keepsAnInstanceWaitingForATimer() {
    InstanceState instance = running(1, 4, List.of());
    Instant wakeAt = NOW.plus(Duration.ofMinutes(1));
    Transition sleep =
        new Transition(
            4,
            InstanceStatus.WAITING,
            null,
            null,
            null,
            null,
            List.of(StepState.sleeping(SECOND, NOW, wakeAt)),
            List.of(),
            null,
            null,
            List.of(new Outbound.WakeAt(5, wakeAt)));
    cache.committed(0, instance, sleep);
    assertThat(cache.find(1, 5))
        .hasValueSatisfying(state -> assertThat(state.status()).isEqualTo(InstanceStatus.WAITING));
  }

  @Test
  void forgetsAnInstanceThatWaitsForAnEventEndsPausesOrRollsBack() {
    InstanceState instance = running(1, 4, List.of());
    cache.committed(0, instance, stepDone(instance, List.of()));
    assertThat(cache.find(1, 5)).isPresent();

    InstanceState cached = cache.find(1, 5).orElseThrow();
    Instant timeout = NOW.plus(Duration.ofHours(1));
    Transition waitForEvent =
        new Transition(
            5,
            InstanceStatus.WAITING,
            null,
            null,
            null,
            null,
            List.of(
                StepState.waitingForEvent(new StepKey("approval", 1), "approval", NOW, timeout)),
            List.of(),
            null,
            null,
            List.of(new Outbound.WakeAt(6, timeout)));
    cache.committed(0, cached, waitForEvent);
    assertThat(cache.find(1, 6)).as("an event may arrive at any time").isEmpty();

    for (InstanceStatus status :
        List.of(InstanceStatus.COMPLETE, InstanceStatus.PAUSED, InstanceStatus.ERRORED)) {
      cache.committed(0, instance, stepDone(instance, List.of()));
      cache.committed(
          0,
          cache.find(1, 5).orElseThrow(),
          new Transition(
              5, status, null, null, null, NOW, List.of(), List.of(), null, null, List.of()));
      assertThat(cache.find(1, 6)).as(status.wireName()).isEmpty();
    }

    cache.committed(0, instance, stepDone(instance, List.of()));
    cache.committed(
        0,
        cache.find(1, 5).orElseThrow(),
        new Transition(
            5,
            InstanceStatus.RUNNING,
            null,
            null,
            null,
            null,
            List.of(),
            List.of(),
            Rollback.Outcome.RUNNING,
            InstanceStatus.ERRORED,
            List.of(new Outbound.RunNext(6))));
    assertThat(cache.find(1, 6)).as("a rollback begins").isEmpty();
  }

  @Test
  void anInstanceItDoesNotKeepStillMakesTheMessagesItsRunOvertookStale() {
    InstanceState instance = running(1, 4, List.of());
    cache.committed(0, instance, stepDone(instance, List.of()));
    cache.committed(
        0,
        cache.find(1, 5).orElseThrow(),
        new Transition(
            5,
            InstanceStatus.COMPLETE,
            null,
            null,
            null,
            NOW,
            List.of(),
            List.of(),
            null,
            null,
            List.of()));

    assertThat(cache.find(1, 6)).as("an ended instance's state is not kept").isEmpty();
    assertThat(cache.isPast(1, 5)).as("the message of the step that ran inline").isTrue();
    assertThat(cache.isPast(1, 3)).isTrue();
    assertThat(cache.isPast(1, 6)).as("a newer sequence (an operator's restart) is not").isFalse();
    cache.forgetPartitions(List.of(0));
    assertThat(cache.isPast(1, 5))
        .as("its partition moved: another replica may have it now")
        .isFalse();
  }

  @Test
  void dropsTheInstancesOfPartitionsThatMoved() {
    InstanceState onZero = running(1, 4, List.of());
    InstanceState onThree = running(2, 4, List.of());
    cache.committed(0, onZero, stepDone(onZero, List.of()));
    cache.committed(3, onThree, stepDone(onThree, List.of()));
    cache.forgetPartitions(List.of(0, 1));
    assertThat(cache.find(1, 5)).isEmpty();
    assertThat(cache.find(2, 5)).isPresent();
  }
}
