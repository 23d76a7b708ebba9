package io.stepwise.runtime;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.AttemptOutcome;
import io.stepwise.engine.Decision;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.ReplayResult;
import io.stepwise.engine.Replayer;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.Transition;
import io.stepwise.engine.TransitionPlanner;
import io.stepwise.errors.UnknownWorkflowException;
import io.stepwise.faults.FaultPoints;
import io.stepwise.introspection.Introspection;
import io.stepwise.persistence.Committed;
import io.stepwise.persistence.DatabaseUnavailable;
import io.stepwise.persistence.FencedAttemptException;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.runtime.announce.Announcement;
import io.stepwise.runtime.announce.Announcer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One step of one instance: replay {@code run}, begin the attempt (unless the previous commit began
 * it), run the first unfinished step's body, plan the transition and commit it — checked against
 * the instance's sequence and the attempt's fencing token. What follows is the caller's ({@link
 * InstanceAdvancer}): this class neither publishes what comes next nor loops.
 */
@ApplicationScoped
class StepExecution {

  private static final Logger LOG = Logger.getLogger(StepExecution.class);

  private final InstanceStore store;
  private final WorkflowRegistry registry;
  private final Replayer replayer;
  private final StepRunner runner;
  private final Announcer announcer;
  private final EngineMetrics metrics;
  private final Clock clock;
  private final FaultPoints faults;
  private final Tracer tracer;
  private final Introspection introspection;
  private final int commitRetries;

  StepExecution(
      InstanceStore store,
      WorkflowRegistry registry,
      Replayer replayer,
      StepRunner runner,
      Announcer announcer,
      EngineMetrics metrics,
      Clock clock,
      FaultPoints faults,
      Tracer tracer,
      Introspection introspection,
      @ConfigProperty(name = "stepwise.steps.commit-retries", defaultValue = "20")
          int commitRetries) {
    this.commitRetries = commitRetries;
    this.store = store;
    this.registry = registry;
    this.replayer = replayer;
    this.runner = runner;
    this.announcer = announcer;
    this.metrics = metrics;
    this.clock = clock;
    this.faults = faults;
    this.tracer = tracer;
    this.introspection = introspection;
  }

  /**
   * Executes the instance's next step.
   *
   * @param begunToken the token of an attempt the previous commit began for this step, or null (the
   *     attempt then begins here, in a write of its own)
   * @param nextToken a token to begin the following step's attempt with in this step's commit, or
   *     null when the following step will not run at once in this process
   */
  Uni<StepResult> execute(InstanceState instance, UUID begunToken, UUID nextToken) {
    RegisteredWorkflow workflow =
        registry
            .find(instance.workflow())
            .orElseThrow(
                () -> new UnknownWorkflowException(instance.workflow(), instance.instanceId()));
    // Logs of this step (on its Vert.x context and the workers it hops to) name the instance.
    MDC.put("instance", instance.workflow() + "/" + instance.instanceId());
    // A span per step, in the trace the Kafka headers carry: one trace per instance.
    Span span =
        tracer
            .spanBuilder("stepwise " + instance.workflow())
            .setAttribute("stepwise.workflow", instance.workflow())
            .setAttribute("stepwise.instance.id", instance.instanceId())
            .setAttribute("stepwise.seq", instance.seq())
            .startSpan();
    return VertxContexts.onWorker(
            () ->
                replayer.replay(
                    workflow.workflow(), workflow.paramsType(), instance, clock.instant()))
        .map(replay -> introspection.adjust(instance, replay))
        .invoke(replay -> name(span, replay.decision()))
        .chain(
            replay -> {
              if (replay.decision() instanceof Decision.ExecuteStep execute) {
                return attempt(instance, replay, execute, begunToken, nextToken);
              }
              if (replay.decision() instanceof Decision.Parallel parallel
                  && !parallel.executions().isEmpty()) {
                return attemptBranches(instance, replay, parallel, begunToken, nextToken);
              }
              return commit(
                  instance,
                  TransitionPlanner.planAttempts(instance, replay, Map.of(), clock.instant()),
                  null,
                  nextToken);
            })
        .onFailure()
        .invoke(span::recordException)
        .onTermination()
        .invoke(span::end);
  }

  /** Commits a transition that ran no step (a pause taking effect). */
  Uni<StepResult> commitWithoutStep(InstanceState instance, Transition transition) {
    return commit(instance, transition, null, null);
  }

  /**
   * Attempts the steps of a parallel decision at the same time, under one fencing token: each
   * branch's record is committed as the branch ends ({@link BranchCommits}), and once all have
   * ended the transition of them all is committed, which says what comes next.
   */
  private Uni<StepResult> attemptBranches(
      InstanceState instance,
      ReplayResult replay,
      Decision.Parallel parallel,
      UUID begunToken,
      UUID nextToken) {
    UUID token = begunToken != null ? begunToken : UUID.randomUUID();
    Uni<InstanceState> begun =
        begunToken != null ? Uni.createFrom().item(instance) : beginAttempt(instance, token);
    return begun.chain(
        running -> {
          if (running == null) {
            return Uni.createFrom().item(new StepResult.Stale(false));
          }
          BranchCommits early =
              new BranchCommits(
                  store,
                  running.pk(),
                  running.instanceId(),
                  running.seq(),
                  token,
                  running.steps().keySet(),
                  VertxContexts.currentContext());
          Executor messageContext = VertxContexts.currentContext();
          List<Uni<Map.Entry<StepKey, AttemptOutcome>>> branches = new ArrayList<>();
          for (Decision.ExecuteStep execute : parallel.executions()) {
            branches.add(
                // each body on a context of its own, back on the message's for what follows
                Uni.createFrom()
                    .deferred(() -> runBody(running, execute))
                    .runSubscriptionOn(VertxContexts.newDuplicatedContext())
                    .emitOn(messageContext)
                    .call(outcome -> early.submit(TransitionPlanner.attempted(execute, outcome)))
                    .map(outcome -> Map.entry(execute.step().key(), outcome)));
          }
          return Uni.join()
              .all(branches)
              .andFailFast()
              .chain(
                  ended -> {
                    faults.crashPoint(FaultPoints.AFTER_BODY_BEFORE_COMMIT);
                    Map<StepKey, AttemptOutcome> outcomes = new HashMap<>();
                    ended.forEach(entry -> outcomes.put(entry.getKey(), entry.getValue()));
                    Transition transition =
                        TransitionPlanner.planAttempts(running, replay, outcomes, clock.instant());
                    boolean waits = transition.status() == InstanceStatus.WAITING;
                    outcomes.values().forEach(o -> metrics.attempt(running.workflow(), o, waits));
                    return commit(running, transition, token, nextToken, early.recordedNow());
                  });
        });
  }

  private Uni<StepResult> attempt(
      InstanceState instance,
      ReplayResult replay,
      Decision.ExecuteStep execute,
      UUID begunToken,
      UUID nextToken) {
    UUID token = begunToken != null ? begunToken : UUID.randomUUID();
    Uni<InstanceState> begun =
        begunToken != null ? Uni.createFrom().item(instance) : beginAttempt(instance, token);
    return begun.chain(
        running -> {
          if (running == null) {
            return Uni.createFrom().item(new StepResult.Stale(false));
          }
          return runBody(running, execute)
              .chain(
                  outcome -> {
                    faults.crashPoint(FaultPoints.AFTER_BODY_BEFORE_COMMIT);
                    Transition transition =
                        TransitionPlanner.plan(running, replay, outcome, clock.instant());
                    metrics.attempt(
                        running.workflow(), outcome, transition.status() == InstanceStatus.WAITING);
                    return commit(running, transition, token, nextToken);
                  });
        });
  }

  /**
   * Records the attempt's fencing token and shows the instance running while its step's body runs
   * (saying so on the lifecycle topic). Null when the instance moved on meanwhile.
   */
  private Uni<InstanceState> beginAttempt(InstanceState instance, UUID token) {
    return store
        .beginAttempt(instance.pk(), instance.seq(), token, clock.instant())
        .chain(
            begun -> {
              if (!begun) {
                return Uni.createFrom().nullItem();
              }
              // as the store's update decided it, from the same table
              InstanceStatus running =
                  instance.status().whileAttemptRuns().orElse(instance.status());
              if (running == instance.status()) {
                return Uni.createFrom().item(instance);
              }
              metrics.transition(instance.instanceId(), instance.status(), running);
              return announcer
                  .afterCommit(
                      instance.instanceId(),
                      new Announcement.StatusChanged(
                          instance.pk(),
                          instance.workflow(),
                          instance.instanceId(),
                          running,
                          instance.seq(),
                          clock.instant(),
                          null,
                          null))
                  .replaceWith(instance.withStatus(running));
            });
  }

  /**
   * Runs the step's body, unless a test decided the attempt's outcome (see {@link Introspection}).
   */
  private Uni<AttemptOutcome> runBody(InstanceState running, Decision.ExecuteStep execute) {
    return introspection
        .mockedAttempt(running, execute, clock.instant())
        .map(mocked -> Uni.createFrom().item(mocked))
        .orElseGet(() -> runner.attempt(running, execute));
  }

  /**
   * Commits the transition. A commit the database fails (a dropped connection, a failover) is made
   * again with the result already computed, so the step's body does not run again under the same
   * attempt number. Making it again is safe: it is checked against the sequence and the attempt's
   * token like the first, so if the first was written after all (only its answer lost) the second
   * is refused as stale or fenced, writes nothing, and the sweeper announces what comes next.
   */
  private Uni<StepResult> commit(
      InstanceState instance, Transition transition, UUID token, UUID nextToken) {
    return commit(instance, transition, token, nextToken, instance.steps().keySet());
  }

  /** {@link #commit(InstanceState, Transition, UUID, UUID)} knowing which steps have records. */
  private Uni<StepResult> commit(
      InstanceState instance,
      Transition transition,
      UUID token,
      UUID nextToken,
      Set<StepKey> recorded) {
    Uni<Optional<Committed>> once =
        Uni.createFrom()
            .deferred(
                () ->
                    faults.fires(FaultPoints.COMMIT_FAILS, instance.instanceId())
                        ? Uni.createFrom()
                            .<Optional<Committed>>failure(
                                new ConnectException("fault point " + FaultPoints.COMMIT_FAILS))
                        : store.commit(
                            instance.pk(),
                            transition,
                            clock.instant(),
                            token,
                            recorded,
                            nextToken));
    // A retry resubscribes on Mutiny's timer thread: Hibernate Reactive must be called from this
    // message's Vert.x context, so every attempt after the first hops back to it first.
    Executor context = VertxContexts.currentContext();
    AtomicBoolean first = new AtomicBoolean(true);
    return Uni.createFrom()
        .deferred(() -> first.getAndSet(false) ? once : once.runSubscriptionOn(context))
        .onFailure(StepExecution::isRetriable)
        .invoke(
            error -> {
              metrics.commitRetried();
              LOG.warnf(
                  "STEPWISE-018 the commit of instance %s at seq %d failed, making it again: %s",
                  instance.instanceId(), instance.seq(), error.toString());
            })
        .onFailure(StepExecution::isRetriable)
        .retry()
        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .atMost(commitRetries)
        .<StepResult>map(
            committed ->
                committed
                    .<StepResult>map(
                        c ->
                            new StepResult.Committed(
                                instance, c.from(), c.transition(), c.nextAttemptToken()))
                    .orElseGet(() -> new StepResult.Stale(true)))
        .onFailure(FencedAttemptException.class)
        .recoverWithItem(error -> new StepResult.Fenced(error.getMessage()));
  }

  /** Only a failure of the database itself is worth making the same commit again for. */
  private static boolean isRetriable(Throwable error) {
    // anything else (a refusal of the status table, a value the database refuses) fails the same
    // way
    // every time: the message's own retries and dead letter deal with it
    return DatabaseUnavailable.isCause(error);
  }

  private static void name(Span span, Decision decision) {
    if (decision instanceof Decision.ExecuteStep execute) {
      span.updateName("step " + execute.step().key());
      span.setAttribute("stepwise.step", execute.step().key().toString());
      span.setAttribute("stepwise.attempt", execute.attempt());
    } else if (decision instanceof Decision.Parallel parallel) {
      span.updateName("steps " + parallel.parts().size() + " in parallel");
    } else {
      span.updateName("stepwise " + decision.getClass().getSimpleName());
    }
  }
}
