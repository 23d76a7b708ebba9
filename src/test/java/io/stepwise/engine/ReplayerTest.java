package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stepwise.api.StepFailedException;
import io.stepwise.api.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Replay as data: recorded steps in, decision out. */
class ReplayerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
  private final Replayer replayer = new Replayer(mapper);
  private final JavaType noParams = mapper.constructType(Void.class);
  private final AtomicInteger bodyRuns = new AtomicInteger();

  /** Two steps by the same name, a sleep between them. */
  private final Workflow<Object, Object> twoAdds =
      (event, step) -> {
        int a = step.run("add", Integer.class, ctx -> bodyRuns.incrementAndGet());
        step.sleep("nap", Duration.ofSeconds(30));
        return a + step.run("add", Integer.class, ctx -> bodyRuns.incrementAndGet());
      };

  @Test
  void theFirstUnrecordedStepIsToBeExecutedAndNoBodyRunsDuringReplay() {
    Decision decision = replay(twoAdds, Map.of()).decision();

    assertThat(decision).isInstanceOf(Decision.ExecuteStep.class);
    Decision.ExecuteStep execute = (Decision.ExecuteStep) decision;
    assertThat(execute.step().key()).isEqualTo(new StepKey("add", 1));
    assertThat(execute.attempt()).isEqualTo(1);
    assertThat(bodyRuns).hasValue(0);
  }

  @Test
  void completedStepsAnswerFromTheirRecordAndOccurrencesCount() {
    Map<StepKey, StepState> steps = new HashMap<>();
    put(steps, completed("add", 1, 5));
    put(
        steps,
        StepState.sleeping(new StepKey("nap", 1), NOW.minusSeconds(40), NOW.minusSeconds(10))
            .woken(NOW));
    put(steps, completed("add", 2, 7));

    Decision decision = replay(twoAdds, steps).decision();

    assertThat(decision).isEqualTo(new Decision.Finish(IntNode.valueOf(12)));
    assertThat(bodyRuns).hasValue(0);
  }

  @Test
  void aSleepReachedForTheFirstTimeStartsAndOneNotOverKeepsWaiting() {
    Map<StepKey, StepState> steps = new HashMap<>();
    put(steps, completed("add", 1, 5));
    assertThat(replay(twoAdds, steps).decision())
        .isEqualTo(new Decision.StartSleep(new StepKey("nap", 1), NOW, NOW.plusSeconds(30)));

    put(
        steps,
        StepState.sleeping(new StepKey("nap", 1), NOW.minusSeconds(10), NOW.plusSeconds(20)));
    assertThat(replay(twoAdds, steps).decision())
        .isEqualTo(new Decision.KeepWaiting(new StepKey("nap", 1), NOW.plusSeconds(20)));
  }

  @Test
  void aSleepThatIsOverIsRecordedAsWokenAndTheNextStepRuns() {
    Map<StepKey, StepState> steps = new HashMap<>();
    put(steps, completed("add", 1, 5));
    put(steps, StepState.sleeping(new StepKey("nap", 1), NOW.minusSeconds(30), NOW));

    ReplayResult result = replay(twoAdds, steps);

    assertThat(result.settledSteps())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(StepStatus.COMPLETE);
              assertThat(s.endedAt()).isEqualTo(NOW);
            });
    assertThat(((Decision.ExecuteStep) result.decision()).step().key())
        .isEqualTo(new StepKey("add", 2));
  }

  @Test
  void aFailedStepThrowsWhereRunCalledItAndAnUncaughtOneFailsTheInstance() {
    Map<StepKey, StepState> steps = new HashMap<>();
    Attempt failedAttempt =
        new Attempt(1, NOW, NOW, false, new ErrorInfo("IOException", "disk full"));
    put(steps, StepState.fresh(new StepKey("add", 1)).failed(failedAttempt));

    assertThat(replay(twoAdds, steps).decision())
        .isEqualTo(new Decision.Fail(new ErrorInfo("IOException", "disk full")));

    Workflow<Object, Object> catching =
        (event, step) -> {
          try {
            return step.run("add", Integer.class, ctx -> 1);
          } catch (StepFailedException e) {
            return "caught " + e.errorName();
          }
        };
    assertThat(replay(catching, steps).decision())
        .isEqualTo(new Decision.Finish(mapper.valueToTree("caught IOException")));
  }

  @Test
  void aStepWaitingForItsRetryRunsItsNextAttemptOnceDue() {
    Map<StepKey, StepState> steps = new HashMap<>();
    Attempt failedAttempt =
        new Attempt(1, NOW.minusSeconds(5), NOW.minusSeconds(5), false, new ErrorInfo("E", "x"));
    put(steps, StepState.fresh(new StepKey("add", 1)).retryAt(failedAttempt, NOW));

    Decision decision = replay(twoAdds, steps).decision();

    assertThat(((Decision.ExecuteStep) decision).attempt()).isEqualTo(2);
  }

  @Test
  void swallowingTheSuspensionDoesNotLetRunGoOn() {
    Workflow<Object, Object> greedy =
        (event, step) -> {
          try {
            step.run("first", Integer.class, ctx -> 1);
          } catch (Throwable swallowed) {
            // bad practice, documented as such
          }
          return step.run("second", Integer.class, ctx -> 2);
        };

    Decision decision = replay(greedy, Map.of()).decision();

    assertThat(((Decision.ExecuteStep) decision).step().key()).isEqualTo(new StepKey("first", 1));
  }

  @Test
  void changedCodeIsReportedAsNonDeterminism() {
    Map<StepKey, StepState> steps = new HashMap<>();
    put(
        steps,
        StepState.sleeping(new StepKey("add", 1), NOW.minusSeconds(30), NOW.minusSeconds(1)));

    Decision decision = replay(twoAdds, steps).decision();

    assertThat(decision).isInstanceOf(Decision.Fail.class);
    assertThat(((Decision.Fail) decision).error().name()).isEqualTo("NonDeterminismError");
  }

  @Test
  void sleepsLongerThanAYearAreRefused() {
    Workflow<Object, Object> tooLong =
        (event, step) -> {
          step.sleep("forever", Duration.ofDays(366));
          return null;
        };

    Decision decision = replay(tooLong, Map.of()).decision();

    assertThat(((Decision.Fail) decision).error().message()).contains("at most 365 days");
  }

  @Test
  void anInstanceMayNotHaveMoreStepsThanTheLimit() {
    Workflow<Object, Object> loop =
        (event, step) -> {
          for (int i = 0; i < 5; i++) {
            step.run("add", Integer.class, ctx -> 1);
          }
          return null;
        };
    Map<StepKey, StepState> steps = new HashMap<>();
    for (int i = 1; i <= 3; i++) {
      put(steps, completed("add", i, 1));
    }
    InstanceState instance =
        new InstanceState(1, "test", "i-1", InstanceStatus.RUNNING, null, 3, NOW, steps);

    Decision decision = new Replayer(mapper, 3).replay(loop, noParams, instance, NOW).decision();

    assertThat(((Decision.Fail) decision).error().message()).contains("at most 3 steps");
  }

  @Test
  void anEventSentEarlierIsTakenByTheFirstWaitForIt() {
    Workflow<Object, Object> waits =
        (event, step) ->
            step.waitForEvent("wait", "approval", String.class, Duration.ofMinutes(5)).payload();
    PendingEvent sent =
        new PendingEvent(7, "approval", mapper.valueToTree("ok"), NOW.minusSeconds(1));
    InstanceState instance =
        new InstanceState(
            1,
            "test",
            "i-1",
            InstanceStatus.RUNNING,
            null,
            3,
            NOW,
            Map.of(),
            java.util.List.of(sent),
            null);

    Decision decision = replayer.replay(waits, noParams, instance, NOW).decision();

    assertThat(decision).isInstanceOf(Decision.ReceiveEvent.class);
    assertThat(((Decision.ReceiveEvent) decision).event().id()).isEqualTo(7);
  }

  private ReplayResult replay(Workflow<Object, Object> workflow, Map<StepKey, StepState> steps) {
    InstanceState instance =
        new InstanceState(1, "test", "i-1", InstanceStatus.RUNNING, null, 3, NOW, steps);
    return replayer.replay(workflow, noParams, instance, NOW);
  }

  private StepState completed(String name, int count, int value) {
    Attempt ok = new Attempt(1, NOW.minusSeconds(60), NOW.minusSeconds(60), true, null);
    return StepState.fresh(new StepKey(name, count)).succeeded(ok, IntNode.valueOf(value));
  }

  private static void put(Map<StepKey, StepState> steps, StepState state) {
    steps.put(state.key(), state);
  }
}
