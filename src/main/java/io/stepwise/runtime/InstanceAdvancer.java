package io.stepwise.runtime;

import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Outbound;
import io.stepwise.engine.Transition;
import io.stepwise.engine.TransitionPlanner;
import io.stepwise.faults.FaultPoints;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.runtime.announce.Announcement;
import io.stepwise.runtime.announce.Announcer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Advances an instance from one step message: finds its state (the cache, else a load), executes
 * its step ({@link StepExecution}) and decides what follows. When the commit hands the instance's
 * next step over (its message is published, as always) and this replica still owns the instance's
 * partition in the same generation and the run's budget is not spent, the next step runs at once,
 * here, instead of after a broker round trip: an inline run. Its message is dropped when it arrives
 * (its sequence is behind the cached one).
 *
 * <p>A message whose sequence is not the instance's current one is dropped: redeliveries and
 * duplicates never run a completed step again and never fork an instance. The returned {@link Uni}
 * completes once everything the run announced is with the broker, so the message that started the
 * run is acknowledged only then: a crash mid-run redelivers it.
 */
@ApplicationScoped
public class InstanceAdvancer {

  private static final Logger LOG = Logger.getLogger(InstanceAdvancer.class);

  /** The partition of a message that did not come from the steps topic: nothing runs inline. */
  public static final int NO_PARTITION = -1;

  private final InstanceStore store;
  private final StepExecution execution;
  private final Announcer announcer;
  private final InstanceCache cache;
  private final PartitionOwnership ownership;
  private final EngineMetrics metrics;
  private final FaultPoints faults;
  private final Clock clock;
  private final int inlineSteps;
  private final Duration inlineTime;

  InstanceAdvancer(
      InstanceStore store,
      StepExecution execution,
      Announcer announcer,
      InstanceCache cache,
      PartitionOwnership ownership,
      EngineMetrics metrics,
      FaultPoints faults,
      Clock clock,
      @ConfigProperty(name = "stepwise.steps.inline.max-steps", defaultValue = "100")
          int inlineSteps,
      @ConfigProperty(name = "stepwise.steps.inline.max-time", defaultValue = "PT1S")
          Duration inlineTime) {
    this.store = store;
    this.execution = execution;
    this.announcer = announcer;
    this.cache = cache;
    this.ownership = ownership;
    this.metrics = metrics;
    this.faults = faults;
    this.clock = clock;
    this.inlineSteps = inlineSteps;
    this.inlineTime = inlineTime;
  }

  /**
   * Handles a step message from outside the steps topic's consumers: nothing is cached or inlined.
   */
  public Uni<Void> advance(long instance, long seq) {
    return advance(instance, seq, NO_PARTITION);
  }

  /**
   * Handles the message ({@code instance}, {@code seq}) from {@code partition} of the steps topic:
   * from the cached state when there is one for its sequence (a stale cache costs a load), else
   * from a load.
   */
  public Uni<Void> advance(long instance, long seq, int partition) {
    if (cache.isPast(instance, seq)) {
      metrics
          .staleMessage(); // a step that ran inline, a duplicate, or the sweeper's re-publication
      return Uni.createFrom().voidItem();
    }
    Run run = new Run(partition, ownership.generation(partition), clock.instant());
    Optional<InstanceState> cached = cache.find(instance, seq);
    metrics.cacheLookup(cached.isPresent());
    Uni<Void> steps =
        cached.isPresent()
            ? run.step(cached.get(), true, null)
                .chain(
                    stale -> stale ? loadAndRun(run, instance, seq) : Uni.createFrom().voidItem())
            : loadAndRun(run, instance, seq);
    return steps.chain(run::announced);
  }

  private Uni<Void> loadAndRun(Run run, long instance, long seq) {
    cache.forget(instance);
    return store
        .load(instance)
        .chain(
            found -> {
              if (found.isEmpty() || found.get().seq() != seq) {
                metrics.staleMessage();
                LOG.debugf(
                    "STEPWISE-010 dropped stale step message of instance %d at seq %d",
                    instance, seq);
                return Uni.createFrom().voidItem();
              }
              InstanceState state = found.get();
              if (state.status() == InstanceStatus.WAITING_FOR_PAUSE) {
                // Paused while this message waited: no step is running, so the pause takes effect
                // now.
                return execution
                    .commitWithoutStep(state, TransitionPlanner.pauseNow(state))
                    .invoke(this::countLostRace)
                    .chain(result -> run.followUp(result, false))
                    .replaceWithVoid();
              }
              if (!state.status().isRunnable()) {
                metrics.staleMessage();
                return Uni.createFrom().voidItem();
              }
              return run.step(state, false, null).replaceWithVoid();
            });
  }

  /** A commit found the instance moved on after the work for it was done. */
  private void countLostRace(StepResult result) {
    if (result instanceof StepResult.Stale stale && stale.lostRace()) {
      metrics.lostRace();
    }
  }

  /** One inline run: the steps one message advances, and what they announced. */
  private final class Run {
    private final int partition;
    private final long generation;
    private final Instant started;
    private final List<CompletableFuture<Void>> announcements = new ArrayList<>();
    private int steps;

    Run(int partition, long generation, Instant started) {
      this.partition = partition;
      this.generation = generation;
      this.started = started;
    }

    /**
     * Executes the instance's next step and, while the run may go on, the ones after it. Answers
     * true when the state came from the cache and turned out stale (the caller loads it again).
     */
    Uni<Boolean> step(InstanceState state, boolean fromCache, UUID begunToken) {
      steps++;
      UUID nextToken = mayContinue() ? UUID.randomUUID() : null;
      return execution
          .execute(state, begunToken, nextToken)
          .chain(
              result -> {
                countLostRace(result);
                if (result instanceof StepResult.Stale && fromCache) {
                  cache.forget(state.pk());
                  return Uni.createFrom().item(true);
                }
                return followUp(result, fromCache);
              });
    }

    /** Caches and announces a committed step, then runs the next one inline when it may. */
    Uni<Boolean> followUp(StepResult result, boolean fromCache) {
      if (result instanceof StepResult.Fenced fenced) {
        metrics.fencedAttempt();
        LOG.infof("STEPWISE-014 %s", fenced.reason());
        return Uni.createFrom().item(false);
      }
      if (!(result instanceof StepResult.Committed committed)) {
        LOG.debugf(
            "STEPWISE-011 an instance moved on, or a newer attempt started, before its step committed");
        return Uni.createFrom().item(false);
      }
      InstanceState before = committed.before();
      Transition effective = committed.transition();
      if (partition == NO_PARTITION) {
        cache.forget(before.pk());
      } else {
        cache.committed(partition, before, effective);
      }
      faults.crashPoint(FaultPoints.AFTER_COMMIT_BEFORE_PUBLISH);
      metrics.transition(before.instanceId(), committed.from(), effective.status());
      if (effective.status().isFinal()) {
        metrics.instanceEnded(
            before.workflow(),
            effective.status().wireName(),
            before.createdAt(),
            effective.endedAt());
      }
      // Started now, awaited when the run ends: the next step does not wait for the broker.
      announcements.add(
          announcer
              .afterCommit(before.instanceId(), announcements(before, effective))
              .subscribeAsCompletionStage());
      // Only from a state the engine knows entirely (not a rollback, whose bookkeeping is the
      // row's).
      if (committed.nextAttemptToken() == null
          || !InstanceCache.keepable(before, effective)
          || !mayContinue()) {
        return Uni.createFrom().item(false);
      }
      faults.crashPoint(FaultPoints.BETWEEN_INLINE_STEPS);
      metrics.inlineStep();
      return step(committed.after(), true, committed.nextAttemptToken())
          // the next step's own message is on its way and will be handled from a load
          .map(stale -> false);
    }

    /**
     * Whether the next step may run in this run: the partition still ours, the budget not spent.
     */
    private boolean mayContinue() {
      return partition != NO_PARTITION
          && ownership.stillOwns(partition, generation)
          && steps < inlineSteps
          && Duration.between(started, clock.instant()).compareTo(inlineTime) < 0;
    }

    /** Completes when everything the run announced is with the broker (or left to the sweeper). */
    Uni<Void> announced() {
      return announcements.isEmpty()
          ? Uni.createFrom().voidItem()
          : Uni.createFrom()
              .completionStage(
                  CompletableFuture.allOf(announcements.toArray(CompletableFuture[]::new)));
    }
  }

  private List<Announcement> announcements(InstanceState instance, Transition transition) {
    List<Announcement> out = new ArrayList<>();
    for (Outbound outbound : transition.outbound()) {
      if (outbound instanceof Outbound.RunNext next) {
        if (!faults.fires(FaultPoints.NEXT_STEP_LOST, instance.instanceId())) {
          out.add(new Announcement.NextStep(instance.pk(), next.seq()));
        }
      } else if (outbound instanceof Outbound.WakeAt wake) {
        if (!faults.fires(FaultPoints.TIMER_LOST, instance.instanceId())) {
          out.add(new Announcement.WakeAt(instance.pk(), wake.seq(), wake.dueAt()));
        }
      } else {
        Outbound.StatusChanged changed = (Outbound.StatusChanged) outbound;
        out.add(
            new Announcement.StatusChanged(
                instance.pk(),
                instance.workflow(),
                instance.instanceId(),
                changed.status(),
                transition.nextSeq(),
                clock.instant(),
                transition.output(),
                transition.error()));
      }
    }
    return out;
  }
}
