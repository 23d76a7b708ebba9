package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stepwise.api.Race;
import io.stepwise.api.ReceivedEvent;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.StepHandle;
import io.stepwise.api.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Parallel operations as data: what a replay decides, and what its transition records. */
class ParallelReplayTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
  private final Replayer replayer = new Replayer(mapper);
  private final JavaType noParams = mapper.constructType(Void.class);

  /** Three steps started together, then summed. */
  private final Workflow<Object, Object> threeInParallel =
      (event, step) -> {
        List<StepHandle<Integer>> handles = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          int value = i;
          handles.add(step.start("part-" + i, Integer.class, ctx -> value));
        }
        return step.all(handles).stream().mapToInt(Integer::intValue).sum();
      };

  @Test
  void stepsStartedTogetherAreAttemptedTogetherInStartOrder() {
    Decision decision = replay(threeInParallel, Map.of(), List.of()).decision();

    assertThat(decision).isInstanceOf(Decision.Parallel.class);
    assertThat(((Decision.Parallel) decision).executions())
        .extracting(execute -> execute.step().key().name())
        .containsExactly("part-1", "part-2", "part-3");
  }

  @Test
  void onlyTheBranchesNotEndedMoveOnAndResultsComeInStartOrderWhateverOrderTheyEnded() {
    Map<StepKey, StepState> steps = new HashMap<>();
    put(steps, completed("part-3", 30, NOW.minusSeconds(50)));
    put(steps, completed("part-1", 10, NOW.minusSeconds(20)));
    Decision decision = replay(threeInParallel, steps, List.of()).decision();
    assertThat(decision).isInstanceOf(Decision.ExecuteStep.class);
    assertThat(((Decision.ExecuteStep) decision).step().key()).isEqualTo(new StepKey("part-2", 1));

    put(steps, completed("part-2", 20, NOW.minusSeconds(10)));
    assertThat(replay(threeInParallel, steps, List.of()).decision())
        .isEqualTo(new Decision.Finish(IntNode.valueOf(60)));
  }

  @Test
  void allThrowsTheFirstFailureOnceEveryBranchEndedAndKeepsTheOthersResults() {
    AtomicReference<Object> seen = new AtomicReference<>();
    Workflow<Object, Object> catching =
        (event, step) -> {
          StepHandle<Integer> a = step.start("a", Integer.class, ctx -> 1);
          StepHandle<Integer> b = step.start("b", Integer.class, ctx -> 2);
          StepHandle<Integer> c = step.start("c", Integer.class, ctx -> 3);
          try {
            step.all(a, b, c);
            return "no failure";
          } catch (StepFailedException e) {
            seen.set(e.stepName() + ":" + e.errorName());
            return step.await(a) + step.await(c);
          }
        };
    Map<StepKey, StepState> steps = new HashMap<>();
    put(steps, completed("a", 1, NOW.minusSeconds(30)));
    put(steps, failed("b", NOW.minusSeconds(20)));
    // c has not ended: the failure of b waits for it
    Decision decision = replay(catching, steps, List.of()).decision();
    assertThat(decision).isInstanceOf(Decision.ExecuteStep.class);
    assertThat(seen.get()).isNull();

    put(steps, completed("c", 3, NOW.minusSeconds(10)));
    assertThat(replay(catching, steps, List.of()).decision())
        .isEqualTo(new Decision.Finish(IntNode.valueOf(4)));
    assertThat(seen.get()).isEqualTo("b:IllegalStateException");
  }

  /** An approval raced against a reminder sleep; the loser is cancelled. */
  private final Workflow<Object, Object> approvalOrReminder =
      (event, step) -> {
        StepHandle<ReceivedEvent<String>> approval =
            step.startWaitForEvent("approval", "approval", String.class, Duration.ofHours(1));
        StepHandle<Void> reminder = step.startSleep("reminder", Duration.ofMinutes(10));
        StepHandle<?> first = step.any(Race.CANCEL_OTHERS, approval, reminder);
        return first == approval ? step.await(approval).payload() : "reminded";
      };

  @Test
  void aRaceOfAnEventAndASleepStartsBothAndWaitsForTheEarlierTime() {
    ReplayResult replay = replay(approvalOrReminder, Map.of(), List.of());
    assertThat(replay.decision()).isInstanceOf(Decision.Parallel.class);

    Transition transition =
        TransitionPlanner.plan(instance(Map.of(), List.of()), replay, null, NOW);
    assertThat(transition.status()).isEqualTo(InstanceStatus.WAITING);
    assertThat(transition.outbound())
        .contains(new Outbound.WakeAt(4, NOW.plus(Duration.ofMinutes(10))));
    assertThat(transition.awaitedEvents()).containsExactly("approval");
  }

  @Test
  void theSleepWinsWhenItIsOverFirstAndTheWaitIsCancelled() {
    Map<StepKey, StepState> steps = new HashMap<>();
    put(
        steps,
        StepState.waitingForEvent(
            new StepKey("approval", 1), "approval", NOW.minusSeconds(600), NOW.plusSeconds(3000)));
    put(steps, StepState.sleeping(new StepKey("reminder", 1), NOW.minusSeconds(600), NOW));

    ReplayResult replay = replay(approvalOrReminder, steps, List.of());

    assertThat(replay.decision()).isEqualTo(new Decision.Finish(mapper.valueToTree("reminded")));
    assertThat(replay.settledSteps())
        .filteredOn(s -> s.key().name().equals("approval"))
        .singleElement()
        .satisfies(
            cancelled -> {
              assertThat(cancelled.status()).isEqualTo(StepStatus.ERRORED);
              assertThat(cancelled.error().name()).isEqualTo(ReplayStep.CANCELLED);
            });
  }

  @Test
  void theEventWinsWhenItCameFirst() {
    Map<StepKey, StepState> steps = new HashMap<>();
    StepState waiting =
        StepState.waitingForEvent(
            new StepKey("approval", 1), "approval", NOW.minusSeconds(60), NOW.plusSeconds(3000));
    put(steps, waiting.received(eventJson("yes"), NOW.minusSeconds(5)));
    put(
        steps,
        StepState.sleeping(new StepKey("reminder", 1), NOW.minusSeconds(60), NOW.plusSeconds(540)));

    assertThat(replay(approvalOrReminder, steps, List.of()).decision())
        .isEqualTo(new Decision.Finish(mapper.valueToTree("yes")));
  }

  @Test
  void aHandleGivenTwiceOrFromAnotherRunFailsTheInstanceWithAClearError() {
    Workflow<Object, Object> twice =
        (event, step) -> {
          StepHandle<Integer> a = step.start("a", Integer.class, ctx -> 1);
          return step.all(List.of(a, a));
        };
    AtomicReference<StepHandle<Integer>> kept = new AtomicReference<>();
    Workflow<Object, Object> foreign =
        (event, step) -> {
          StepHandle<Integer> mine = step.start("a", Integer.class, ctx -> 1);
          StepHandle<Integer> other = kept.getAndSet(mine);
          return step.await(other != null ? other : mine);
        };
    Map<StepKey, StepState> steps = new HashMap<>();
    put(steps, completed("a", 1, NOW.minusSeconds(5)));

    assertThat(replay(twice, steps, List.of()).decision())
        .isInstanceOfSatisfying(
            Decision.Fail.class,
            fail -> assertThat(fail.error().message()).contains("given twice"));
    replay(foreign, steps, List.of());
    assertThat(replay(foreign, steps, List.of()).decision())
        .isInstanceOfSatisfying(
            Decision.Fail.class,
            fail -> assertThat(fail.error().message()).contains("not started by this run"));
  }

  @Test
  void aTransitionOfBranchesAdvancesWhenOneEndedAndWaitsForTheEarliestRetryOtherwise() {
    InstanceState running = instance(Map.of(), List.of());
    ReplayResult replay = replay(threeInParallel, Map.of(), List.of());
    List<Decision.ExecuteStep> executions = ((Decision.Parallel) replay.decision()).executions();
    AttemptOutcome.Failed retry =
        new AttemptOutcome.Failed(new ErrorInfo("Boom", "boom"), true, NOW, NOW);
    Map<StepKey, AttemptOutcome> allRetry = new HashMap<>();
    executions.forEach(execute -> allRetry.put(execute.step().key(), retry));

    Transition waiting = TransitionPlanner.planAttempts(running, replay, allRetry, NOW);
    assertThat(waiting.status()).isEqualTo(InstanceStatus.WAITING);
    assertThat(waiting.stepWrites()).hasSize(3).allMatch(s -> s.status() == StepStatus.WAITING);

    Map<StepKey, AttemptOutcome> oneDone = new HashMap<>(allRetry);
    oneDone.put(
        executions.get(1).step().key(), new AttemptOutcome.Succeeded(IntNode.valueOf(2), NOW, NOW));
    Transition advancing = TransitionPlanner.planAttempts(running, replay, oneDone, NOW);
    assertThat(advancing.status()).isEqualTo(InstanceStatus.RUNNING);
    assertThat(advancing.outbound()).contains(new Outbound.RunNext(4));
  }

  @Test
  void compensationsOfParallelStepsRunInReverseStartOrderWhateverOrderTheyEnded() {
    Workflow<Object, Object> fanOutThenFail =
        (event, step) -> {
          List<StepHandle<Integer>> handles = new ArrayList<>();
          for (String name : List.of("first", "second", "third")) {
            handles.add(
                step.start(
                    name,
                    Integer.class,
                    io.stepwise.api.StepConfig.DEFAULT,
                    ctx -> 1,
                    (result, ctx) -> {}));
          }
          step.all(handles);
          throw new IllegalStateException("fails after the fan-out");
        };
    Map<StepKey, StepState> steps = new HashMap<>();
    // ended in another order than they started
    put(steps, completed("second", 2, NOW.minusSeconds(30)));
    put(steps, completed("third", 3, NOW.minusSeconds(20)));
    put(steps, completed("first", 1, NOW.minusSeconds(10)));
    assertThat(replay(fanOutThenFail, steps, List.of()).decision())
        .isInstanceOf(Decision.BeginRollback.class);

    InstanceState rollingBack =
        new InstanceState(
            1,
            "test",
            "i-1",
            InstanceStatus.RUNNING,
            null,
            4,
            NOW,
            steps,
            List.of(),
            new Rollback(InstanceStatus.ERRORED));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Decision next = replayer.replay(fanOutThenFail, noParams, rollingBack, NOW).decision();
      assertThat(next).isInstanceOf(Decision.ExecuteStep.class);
      StepState compensation = ((Decision.ExecuteStep) next).step();
      order.add(compensation.key().name());
      Map<StepKey, StepState> more = new HashMap<>(rollingBack.steps());
      put(
          more,
          compensation.succeeded(
              new Attempt(1, NOW, NOW, true, null), JsonNodeFactory.instance.nullNode()));
      rollingBack =
          new InstanceState(
              1,
              "test",
              "i-1",
              InstanceStatus.RUNNING,
              null,
              5 + i,
              NOW,
              more,
              List.of(),
              rollingBack.rollback());
    }
    assertThat(order).containsExactly("third", "second", "first");
  }

  private ReplayResult replay(
      Workflow<Object, Object> workflow, Map<StepKey, StepState> steps, List<PendingEvent> events) {
    return replayer.replay(workflow, noParams, instance(steps, events), NOW);
  }

  private static InstanceState instance(Map<StepKey, StepState> steps, List<PendingEvent> events) {
    return new InstanceState(
        1, "test", "i-1", InstanceStatus.RUNNING, null, 3, NOW, steps, events, null);
  }

  private static StepState completed(String name, int value, Instant endedAt) {
    Attempt ok = new Attempt(1, endedAt.minusSeconds(1), endedAt, true, null);
    return StepState.fresh(new StepKey(name, 1)).succeeded(ok, IntNode.valueOf(value));
  }

  private static StepState failed(String name, Instant endedAt) {
    Attempt no =
        new Attempt(
            1,
            endedAt.minusSeconds(1),
            endedAt,
            false,
            new ErrorInfo("IllegalStateException", "no"));
    return StepState.fresh(new StepKey(name, 1)).failed(no);
  }

  private static com.fasterxml.jackson.databind.JsonNode eventJson(String payload) {
    var json = JsonNodeFactory.instance.objectNode();
    json.put("type", "approval");
    json.put("payload", payload);
    json.put("timestamp", NOW.minusSeconds(5).toString());
    return json;
  }

  private static void put(Map<StepKey, StepState> steps, StepState state) {
    steps.put(state.key(), state);
  }
}
