package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.stepwise.api.Backoff;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transitions the planner makes of decisions and outcomes: (state, decision, outcome) →
 * transition.
 */
class TransitionPlannerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final StepKey KEY = new StepKey("charge", 1);
  private static final StepConfig TWO_RETRIES =
      StepConfig.DEFAULT.withRetries(new RetryPolicy(2, Duration.ofSeconds(4), Backoff.LINEAR));

  private final InstanceState running = state(InstanceStatus.RUNNING);

  @Test
  void aSucceededAttemptRecordsTheResultAndRunsTheNextStep() {
    Transition t =
        plan(execute(1), new AttemptOutcome.Succeeded(IntNode.valueOf(7), NOW, NOW.plusMillis(5)));

    assertThat(t.status()).isEqualTo(InstanceStatus.RUNNING);
    assertThat(t.nextSeq()).isEqualTo(6);
    assertThat(t.stepWrites())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(StepStatus.COMPLETE);
              assertThat(s.result()).isEqualTo(IntNode.valueOf(7));
              assertThat(s.attempts())
                  .singleElement()
                  .satisfies(a -> assertThat(a.success()).isTrue());
            });
    assertThat(t.outbound()).containsExactly(new Outbound.RunNext(6));
  }

  @Test
  void aRetryableFailureWaitsForTheBackOffThenAFinalOneRecordsTheError() {
    ErrorInfo boom = new ErrorInfo("IOException", "boom");
    Transition retry =
        plan(execute(2), new AttemptOutcome.Failed(boom, true, NOW, NOW.plusSeconds(1)));

    assertThat(retry.status()).isEqualTo(InstanceStatus.WAITING);
    Instant expected = NOW.plusSeconds(1).plusSeconds(8); // linear: 2 × 4 s before the second retry
    assertThat(retry.stepWrites().get(0).wakeAt()).isEqualTo(expected);
    assertThat(retry.outbound())
        .contains(
            new Outbound.WakeAt(6, expected), new Outbound.StatusChanged(InstanceStatus.WAITING));

    Transition last = plan(execute(3), new AttemptOutcome.Failed(boom, true, NOW, NOW));
    assertThat(last.stepWrites().get(0).status()).isEqualTo(StepStatus.ERRORED);
    assertThat(last.outbound()).containsExactly(new Outbound.RunNext(6));

    Transition nonRetryable = plan(execute(1), new AttemptOutcome.Failed(boom, false, NOW, NOW));
    assertThat(nonRetryable.stepWrites().get(0).status()).isEqualTo(StepStatus.ERRORED);
  }

  @Test
  void waitsForEventsTakeTheEventOrTimeOut() {
    PendingEvent event =
        new PendingEvent(9, "approval", TextNode.valueOf("yes"), NOW.minusSeconds(1));
    StepState waiting =
        StepState.waitingForEvent(KEY, "approval", NOW.minusSeconds(5), NOW.plusSeconds(60));

    Transition received =
        TransitionPlanner.plan(
            running,
            new ReplayResult(new Decision.ReceiveEvent(waiting, event), List.of()),
            null,
            NOW);
    assertThat(received.consumedEvents()).containsExactly(new ConsumedEvent(9, KEY));
    assertThat(received.stepWrites().get(0).result().get("payload").asText()).isEqualTo("yes");

    Transition timedOut =
        TransitionPlanner.plan(
            running, new ReplayResult(new Decision.EventTimedOut(waiting), List.of()), null, NOW);
    assertThat(timedOut.stepWrites().get(0).error().name())
        .isEqualTo(TransitionPlanner.EVENT_TIMEOUT);
    assertThat(timedOut.outbound()).containsExactly(new Outbound.RunNext(6));
  }

  @Test
  void finishingFailingAndRollingBackEndTheInstanceAsTheyShould() {
    Transition done =
        TransitionPlanner.plan(
            running,
            new ReplayResult(new Decision.Finish(IntNode.valueOf(3)), List.of()),
            null,
            NOW);
    assertThat(done.status()).isEqualTo(InstanceStatus.COMPLETE);
    assertThat(done.endedAt()).isEqualTo(NOW);
    assertThat(done.outbound())
        .containsExactly(new Outbound.StatusChanged(InstanceStatus.COMPLETE));

    ErrorInfo error = new ErrorInfo("E", "failed");
    Transition begin =
        TransitionPlanner.plan(
            running, new ReplayResult(new Decision.BeginRollback(error), List.of()), null, NOW);
    assertThat(begin.status()).isEqualTo(InstanceStatus.RUNNING);
    assertThat(begin.rollback()).isEqualTo(Rollback.Outcome.RUNNING);
    assertThat(begin.rollbackEndsIn()).isEqualTo(InstanceStatus.ERRORED);
    assertThat(begin.error()).isEqualTo(error);

    Transition end =
        TransitionPlanner.plan(
            running,
            new ReplayResult(
                new Decision.FinishRollback(InstanceStatus.TERMINATED, Rollback.Outcome.FAILED),
                List.of()),
            null,
            NOW);
    assertThat(end.status()).isEqualTo(InstanceStatus.TERMINATED);
    assertThat(end.rollback()).isEqualTo(Rollback.Outcome.FAILED);
  }

  @Test
  void aPausedInstanceKeepsItsStepButPublishesNothingThatAdvancesIt() {
    Transition t = plan(execute(1), new AttemptOutcome.Succeeded(IntNode.valueOf(1), NOW, NOW));

    Transition paused = t.pausedInstead();

    assertThat(paused.status()).isEqualTo(InstanceStatus.PAUSED);
    assertThat(paused.stepWrites()).isEqualTo(t.stepWrites());
    assertThat(paused.outbound())
        .containsExactly(new Outbound.StatusChanged(InstanceStatus.PAUSED));
  }

  @Test
  void aTransitionTheStatusTableForbidsIsRefused() {
    InstanceState paused = state(InstanceStatus.PAUSED);
    assertThatThrownBy(
            () ->
                TransitionPlanner.plan(
                    paused,
                    new ReplayResult(new Decision.Finish(IntNode.valueOf(1)), List.of()),
                    null,
                    NOW))
        .hasMessageContaining("may not go from paused to complete");
  }

  private Transition plan(Decision.ExecuteStep execute, AttemptOutcome outcome) {
    return TransitionPlanner.plan(running, new ReplayResult(execute, List.of()), outcome, NOW);
  }

  private static Decision.ExecuteStep execute(int attempt) {
    return new Decision.ExecuteStep(
        StepState.fresh(KEY), TWO_RETRIES, new StepAction.Blocking(ctx -> null), attempt);
  }

  private static InstanceState state(InstanceStatus status) {
    return new InstanceState(1, "w", "i", status, null, 5, NOW.minusSeconds(60), Map.of());
  }
}
