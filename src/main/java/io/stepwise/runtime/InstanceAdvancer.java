package io.stepwise.runtime;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.AttemptOutcome;
import io.stepwise.engine.Decision;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Outbound;
import io.stepwise.engine.ReplayResult;
import io.stepwise.engine.Replayer;
import io.stepwise.engine.Transition;
import io.stepwise.engine.TransitionPlanner;
import io.stepwise.faults.FaultPoints;
import io.stepwise.introspection.Introspection;
import io.stepwise.messaging.LifecycleMessage;
import io.stepwise.messaging.MalformedMessageException;
import io.stepwise.messaging.Publisher;
import io.stepwise.messaging.StepMessage;
import io.stepwise.persistence.FencedAttemptException;
import io.stepwise.persistence.InstanceStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Handles one step message: load the instance, replay {@code run}, execute the first unfinished
 * step, commit the transition (version-checked), then publish what comes next.
 *
 * <p>A message whose sequence is not the instance's current one is dropped: redeliveries and
 * duplicates never run a completed step again and never fork an instance.
 */
@ApplicationScoped
public class InstanceAdvancer {

  private static final Logger LOG = Logger.getLogger(InstanceAdvancer.class);

  private final InstanceStore store;
  private final WorkflowRegistry registry;
  private final Replayer replayer;
  private final StepRunner runner;
  private final Publisher publisher;
  private final EngineMetrics metrics;
  private final Clock clock;
  private final FaultPoints faults;
  private final Tracer tracer;
  private final Introspection introspection;
  private final InstanceCache cache;

  InstanceAdvancer(
      InstanceStore store,
      WorkflowRegistry registry,
      Replayer replayer,
      StepRunner runner,
      Publisher publisher,
      EngineMetrics metrics,
      Clock clock,
      FaultPoints faults,
      Tracer tracer,
      Introspection introspection,
      InstanceCache cache) {
    this.cache = cache;
    this.tracer = tracer;
    this.introspection = introspection;
    this.store = store;
    this.registry = registry;
    this.replayer = replayer;
    this.runner = runner;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.faults = faults;
  }

  /** Handles a message from outside the steps topic's consumers: what it commits is not cached. */
  public Uni<Void> advance(StepMessage message) {
    return advance(message, NO_PARTITION);
  }

  /**
   * Handles a message from {@code partition} of the steps topic: from the cached state of its
   * instance when there is one for its sequence, else from a load. When the cached state turns out
   * stale (the write that checks it fails), the message is handled again from a load.
   */
  public Uni<Void> advance(StepMessage message, int partition) {
    if (cache.isPast(message.instance(), message.seq())) {
      metrics.staleMessage(); // a duplicate, or a re-publication by the sweeper
      return Uni.createFrom().voidItem();
    }
    Optional<InstanceState> cached = cache.find(message.instance(), message.seq());
    metrics.cacheLookup(cached.isPresent());
    if (cached.isEmpty()) {
      return loadAndAdvance(message, partition);
    }
    return advance(new Handling(cached.get(), partition, true))
        .onFailure(StaleCachedState.class).recoverWithUni(() -> {
          cache.forget(message.instance());
          return loadAndAdvance(message, partition);
        });
  }

  private Uni<Void> loadAndAdvance(StepMessage message, int partition) {
    return store.load(message.instance()).chain(found -> {
      if (found.isEmpty() || found.get().seq() != message.seq()) {
        metrics.staleMessage();
        LOG.debugf("STEPWISE-010 dropped stale step message %s", message);
        return Uni.createFrom().voidItem();
      }
      Handling handling = new Handling(found.get(), partition, false);
      if (handling.instance().status() == InstanceStatus.WAITING_FOR_PAUSE) {
        // Paused while this message waited: no step is running, so the pause takes effect now.
        return commitAndPublish(handling, pauseNow(handling.instance()), null);
      }
      if (!handling.instance().status().isRunnable()) {
        metrics.staleMessage();
        return Uni.createFrom().voidItem();
      }
      return advance(handling);
    });
  }

  /**
   * The instance a message advances, the partition the message came from ({@link #NO_PARTITION}
   * when not from the steps topic), and whether the state is the cache's rather than loaded.
   */
  private record Handling(InstanceState instance, int partition, boolean fromCache) {}

  /** The partition of a message that did not come from the steps topic: its commit is not cached. */
  public static final int NO_PARTITION = -1;

  private static Transition pauseNow(InstanceState instance) {
    return new Transition(instance.seq(), InstanceStatus.PAUSED, null, null, null, null, List.of(), List.of(), null, null,
        List.of(new Outbound.StatusChanged(InstanceStatus.PAUSED)));
  }

  private Uni<Void> advance(Handling handling) {
    InstanceState instance = handling.instance();
    // Logs of this message (on its Vert.x context and the workers it hops to) name the instance.
    MDC.put("instance", instance.workflow() + "/" + instance.instanceId());
    // A span per message, in the trace its Kafka headers carry: one trace per instance.
    Span span = tracer.spanBuilder("stepwise " + instance.workflow())
        .setAttribute("stepwise.workflow", instance.workflow())
        .setAttribute("stepwise.instance.id", instance.instanceId())
        .setAttribute("stepwise.seq", instance.seq())
        .startSpan();
    return advance(handling, span)
        .onFailure().invoke(span::recordException)
        .onTermination().invoke(span::end);
  }

  private Uni<Void> advance(Handling handling, Span span) {
    InstanceState instance = handling.instance();
    RegisteredWorkflow workflow = registry.find(instance.workflow()).orElseThrow(
        () -> new MalformedMessageException(
            "instance " + instance.instanceId() + " belongs to workflow '" + instance.workflow()
                + "', which this deployment does not have"));
    return VertxContexts.onWorker(
            () -> replayer.replay(workflow.workflow(), workflow.paramsType(), instance, clock.instant()))
        .map(replay -> introspection.adjust(instance, replay))
        .invoke(replay -> name(span, replay.decision()))
        .chain(replay -> execute(instance, replay))
        .chain(planned -> commitAndPublish(handling, planned.transition(), planned.attemptToken()))
        .onFailure(StaleMessage.class).recoverWithUni(() -> lostRace(handling))
        .onFailure(FencedAttemptException.class).recoverWithItem(error -> {
          metrics.fencedAttempt();
          LOG.infof("STEPWISE-014 %s", error.getMessage());
          return null;
        });
  }

  /** A transition to commit, and the fencing token of the attempt that produced it (if any). */
  private record Planned(Transition transition, UUID attemptToken) {}

  private Uni<Planned> execute(InstanceState instance, ReplayResult replay) {
    if (replay.decision() instanceof Decision.ExecuteStep execute) {
      UUID token = UUID.randomUUID();
      return beginAttempt(instance, token).chain(running -> attempt(running, execute).map(outcome -> {
        faults.crashPoint(FaultPoints.AFTER_BODY_BEFORE_COMMIT);
        Transition transition = TransitionPlanner.plan(running, replay, outcome, clock.instant());
        metrics.attempt(running.workflow(), outcome, transition.status() == InstanceStatus.WAITING);
        return new Planned(transition, token);
      }));
    }
    return Uni.createFrom().item(new Planned(TransitionPlanner.plan(instance, replay, null, clock.instant()), null));
  }

  /** Runs the step's body, unless a test decided the attempt's outcome (see {@link Introspection}). */
  private Uni<AttemptOutcome> attempt(InstanceState running, Decision.ExecuteStep execute) {
    return introspection.mockedAttempt(running, execute, clock.instant())
        .map(mocked -> Uni.createFrom().item(mocked))
        .orElseGet(() -> runner.attempt(running, execute));
  }

  private static void name(Span span, Decision decision) {
    if (decision instanceof Decision.ExecuteStep execute) {
      span.updateName("step " + execute.step().key());
      span.setAttribute("stepwise.step", execute.step().key().toString());
      span.setAttribute("stepwise.attempt", execute.attempt());
    } else {
      span.updateName("stepwise " + decision.getClass().getSimpleName());
    }
  }

  /**
   * Records the attempt's fencing token and shows the instance running while its step's body runs
   * (saying so on the lifecycle topic). Fails with {@link StaleMessage} when it moved on meanwhile.
   */
  private Uni<InstanceState> beginAttempt(InstanceState instance, UUID token) {
    return store.beginAttempt(instance.pk(), instance.seq(), token, clock.instant()).chain(begun -> {
      if (!begun) {
        return Uni.createFrom().failure(new StaleMessage());
      }
      if (instance.status() != InstanceStatus.QUEUED && instance.status() != InstanceStatus.WAITING) {
        return Uni.createFrom().item(instance);
      }
      metrics.transition(instance.status(), InstanceStatus.RUNNING);
      return publisher.lifecycle(instance.pk(), new LifecycleMessage(
              instance.workflow(), instance.instanceId(), InstanceStatus.RUNNING.wireName(), instance.seq(),
              clock.instant().toString(), null, null))
          .onFailure().recoverWithNull()
          .replaceWith(instance.withStatus(InstanceStatus.RUNNING));
    });
  }

  /** The instance moved on while this message was handled: drop the message. */
  private static final class StaleMessage extends RuntimeException {
    StaleMessage() {
      super(null, null, false, false);
    }
  }

  /** The cached state the message was handled from was not the instance's any more: load it. */
  private static final class StaleCachedState extends RuntimeException {
    StaleCachedState() {
      super(null, null, false, false);
    }
  }

  /**
   * The write that checks the instance's sequence failed: the message is stale — unless the
   * state came from the cache, which is then what was stale.
   */
  private Uni<Void> lostRace(Handling handling) {
    if (handling.fromCache()) {
      return Uni.createFrom().failure(new StaleCachedState());
    }
    metrics.lostRace();
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> commitAndPublish(Handling handling, Transition transition, UUID attemptToken) {
    InstanceState instance = handling.instance();
    return store.commit(instance.pk(), transition, clock.instant(), attemptToken, instance.steps().keySet()).chain(committed -> {
      if (committed.isEmpty()) {
        LOG.debugf("STEPWISE-011 instance %s moved on, or a newer attempt started, before seq %d committed",
            instance.instanceId(), transition.expectedSeq());
        return lostRace(handling);
      }
      Transition effective = committed.get().transition();
      if (handling.partition() == NO_PARTITION) {
        cache.forget(instance.pk());
      } else {
        cache.committed(handling.partition(), instance, effective);
      }
      faults.crashPoint(FaultPoints.AFTER_COMMIT_BEFORE_PUBLISH);
      metrics.transition(committed.get().from(), effective.status());
      if (effective.status().isFinal()) {
        metrics.instanceEnded(instance.workflow(), effective.status().wireName(), instance.createdAt(), effective.endedAt());
      }
      return publish(instance, effective);
    });
  }

  /**
   * Publishes after the commit. Retried, because the consumed message can no longer do it: on
   * redelivery its sequence is stale. If the broker stays away, the sweeper re-publishes.
   */
  private Uni<Void> publish(InstanceState instance, Transition transition) {
    List<Uni<Void>> sends = transition.outbound().stream().map(out -> send(instance, transition, out)).toList();
    if (sends.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Uni.join().all(sends).andFailFast().replaceWithVoid()
        .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2)).atMost(5)
        .onFailure().recoverWithItem(error -> {
          LOG.warnf(error, "STEPWISE-012 could not publish after committing instance %s; the sweeper will", instance.instanceId());
          return null;
        });
  }

  private Uni<Void> send(InstanceState instance, Transition transition, Outbound outbound) {
    if (outbound instanceof Outbound.RunNext next) {
      return faults.fires(FaultPoints.NEXT_STEP_LOST, instance.instanceId())
          ? Uni.createFrom().voidItem()
          : publisher.step(new StepMessage(instance.pk(), next.seq()));
    } else if (outbound instanceof Outbound.WakeAt wake) {
      return faults.fires(FaultPoints.TIMER_LOST, instance.instanceId())
          ? Uni.createFrom().voidItem()
          : publisher.timer(instance.pk(), wake.seq(), wake.dueAt());
    }
    Outbound.StatusChanged changed = (Outbound.StatusChanged) outbound;
    return publisher.lifecycle(instance.pk(), new LifecycleMessage(
        instance.workflow(), instance.instanceId(), changed.status().wireName(), transition.nextSeq(),
        clock.instant().toString(), transition.output(), transition.error()));
  }
}
