package io.stepwise.introspection;

import io.stepwise.engine.AttemptOutcome;
import io.stepwise.engine.Decision;
import io.stepwise.engine.ErrorInfo;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.ReplayResult;
import io.stepwise.engine.StepTimeoutError;
import io.stepwise.engine.StepType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets tests change how the engine runs chosen instances — skip sleeps, mock a step's result or
 * error, force a step or a wait to time out — so a workflow's logic is tested in seconds (the test
 * kit's introspection). Off unless {@code stepwise.introspection.enabled}: a service in production
 * refuses to be modified, and the engine's only cost is one boolean check per step.
 */
@ApplicationScoped
public class Introspection {

  private final boolean enabled;
  private final ConcurrentMap<String, Modifications> byInstance = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Modifications> byWorkflow = new ConcurrentHashMap<>();

  Introspection(
      @ConfigProperty(name = "stepwise.introspection.enabled", defaultValue = "false")
          boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The modifications of one instance (created, empty, on first use); set them before creating it.
   */
  public Modifications instance(String workflow, String instanceId) {
    requireEnabled();
    return byInstance.computeIfAbsent(workflow + "/" + instanceId, key -> new Modifications());
  }

  /** The modifications of one instance, if a test made any. */
  public Optional<Modifications> existing(String workflow, String instanceId) {
    return Optional.ofNullable(byInstance.get(workflow + "/" + instanceId));
  }

  /** The modifications of every instance of a workflow. */
  public Modifications workflow(String workflow) {
    requireEnabled();
    return byWorkflow.computeIfAbsent(workflow, key -> new Modifications());
  }

  /** Forgets the modifications of one instance. */
  public void dispose(String workflow, String instanceId) {
    byInstance.remove(workflow + "/" + instanceId);
  }

  /** Forgets the modifications of a workflow's instances. */
  public void dispose(String workflow) {
    byWorkflow.remove(workflow);
  }

  /**
   * The replay's decision, changed as the test asked: a skipped sleep or a forced event timeout is
   * due now.
   */
  public ReplayResult adjust(InstanceState instance, ReplayResult replay) {
    if (!enabled) {
      return replay;
    }
    Optional<Modifications> found = find(instance);
    if (found.isEmpty()) {
      return replay;
    }
    Decision decision = adjust(replay.decision(), found.get());
    return decision == replay.decision()
        ? replay
        : new ReplayResult(decision, replay.settledSteps());
  }

  private static Decision adjust(Decision decision, Modifications modifications) {
    if (decision instanceof Decision.Parallel parallel) {
      List<Decision> parts =
          parallel.parts().stream().map(part -> adjust(part, modifications)).toList();
      return parts.equals(parallel.parts()) ? decision : new Decision.Parallel(parts);
    }
    if (decision instanceof Decision.StartSleep sleep
        && modifications.sleepDisabled(sleep.key().name())) {
      return new Decision.StartSleep(sleep.key(), sleep.startedAt(), sleep.startedAt());
    }
    if (decision instanceof Decision.StartWait wait
        && modifications.eventTimeoutForced(wait.key().name())) {
      return new Decision.StartWait(
          wait.key(), wait.eventType(), wait.startedAt(), wait.startedAt());
    }
    if (decision instanceof Decision.ExecuteStep execute && modifications.retryDelaysDisabled()) {
      return new Decision.ExecuteStep(
          execute.step(),
          execute.config().withRetries(execute.config().retries().withDelay(Duration.ZERO)),
          execute.action(),
          execute.attempt());
    }
    return decision;
  }

  /** The outcome the test decided for this attempt, if it decided one; else the body runs. */
  public Optional<AttemptOutcome> mockedAttempt(
      InstanceState instance, Decision.ExecuteStep execute, Instant now) {
    if (!enabled || execute.step().type() == StepType.ROLLBACK) {
      return Optional.empty();
    }
    String name = execute.step().key().name();
    return find(instance)
        .flatMap(m -> m.step(name))
        .flatMap(mock -> outcome(mock, name, execute.attempt(), now));
  }

  private static Optional<AttemptOutcome> outcome(
      Modifications.StepMock mock, String name, int attempt, Instant now) {
    if (mock instanceof Modifications.StepMock.Result result) {
      return Optional.of(new AttemptOutcome.Succeeded(result.result(), now, now));
    }
    if (mock instanceof Modifications.StepMock.Error error) {
      return applies(error.times(), attempt)
          ? Optional.of(new AttemptOutcome.Failed(error.error(), true, now, now))
          : Optional.empty();
    }
    Modifications.StepMock.Timeout timeout = (Modifications.StepMock.Timeout) mock;
    return applies(timeout.times(), attempt)
        // The error the step runner raises for a real timeout, so the workflow sees no difference.
        ? Optional.of(
            new AttemptOutcome.Failed(
                ErrorInfo.of(
                    new StepTimeoutError(
                        "step '"
                            + name
                            + "' attempt "
                            + attempt
                            + " timed out (forced by the test)")),
                true,
                now,
                now))
        : Optional.empty();
  }

  private static boolean applies(Integer times, int attempt) {
    return times == null || attempt <= times;
  }

  private Optional<Modifications> find(InstanceState instance) {
    Modifications own = byInstance.get(instance.workflow() + "/" + instance.instanceId());
    return Optional.ofNullable(own != null ? own : byWorkflow.get(instance.workflow()));
  }

  private void requireEnabled() {
    if (!enabled) {
      throw new IllegalStateException(
          "introspection is off: set stepwise.introspection.enabled=true (tests only; the test kit's services do)");
    }
  }
}
