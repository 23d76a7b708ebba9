package io.stepwise.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stepwise.engine.AttemptOutcome;
import io.stepwise.engine.InstanceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's metrics (Micrometer, exported in Prometheus format on /q/metrics): attempts, retries
 * and failures per workflow, step and instance durations, status changes, timer lateness and
 * dead-lettered messages.
 */
@ApplicationScoped
public class EngineMetrics {

  private final MeterRegistry registry;
  private final Counter staleMessages;
  private final Counter lostRaces;
  private final Counter fencedAttempts;
  private final Timer timerLateness;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter inlineSteps;
  private final Counter commitRetries;
  private final List<TransitionObserver> transitionObservers = new CopyOnWriteArrayList<>();

  EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.staleMessages =
        Counter.builder("stepwise.step.messages.stale")
            .description("Step messages dropped because the instance had moved on or ended")
            .register(registry);
    this.lostRaces =
        Counter.builder("stepwise.step.commits.lost")
            .description(
                "Transitions not committed because another message advanced the instance first")
            .register(registry);
    this.fencedAttempts =
        Counter.builder("stepwise.step.attempts.fenced")
            .description(
                "Attempts whose result was dropped because a newer attempt of the step had started")
            .register(registry);
    this.inlineSteps =
        Counter.builder("stepwise.steps.inline")
            .description(
                "Steps run at once after the previous step's commit, without waiting for their message")
            .register(registry);
    this.commitRetries =
        Counter.builder("stepwise.step.commits.retried")
            .description(
                "Commits of a step's result made again after the database failed them (the body is not run again)")
            .register(registry);
    this.cacheHits = cacheLookups(registry, "hit");
    this.cacheMisses = cacheLookups(registry, "miss");
    this.timerLateness =
        Timer.builder("stepwise.timer.lateness")
            .description("How late a due timer was handed to the steps topic")
            .publishPercentileHistogram()
            .register(registry);
  }

  private static Counter cacheLookups(MeterRegistry registry, String result) {
    return Counter.builder("stepwise.instance.cache.lookups")
        .description(
            "Step messages handled from the cached state of their instance (hit) or from a load (miss)")
        .tag("result", result)
        .register(registry);
  }

  public void inlineStep() {
    inlineSteps.increment();
  }

  public double inlineSteps() {
    return inlineSteps.count();
  }

  public void commitRetried() {
    commitRetries.increment();
  }

  public double commitRetries() {
    return commitRetries.count();
  }

  public void staleMessage() {
    staleMessages.increment();
  }

  public double staleMessages() {
    return staleMessages.count();
  }

  /** A step message's instance was found in the cache (or had to be loaded). */
  public void cacheLookup(boolean hit) {
    (hit ? cacheHits : cacheMisses).increment();
  }

  public double cacheHits() {
    return cacheHits.count();
  }

  public void lostRace() {
    lostRaces.increment();
  }

  public void fencedAttempt() {
    fencedAttempts.increment();
  }

  public double fencedAttempts() {
    return fencedAttempts.count();
  }

  public double lostRaces() {
    return lostRaces.count();
  }

  /**
   * One attempt of a step body: counted as executed, failed or retried (a failure that will be
   * tried again), and timed.
   */
  public void attempt(String workflow, AttemptOutcome outcome, boolean retried) {
    String result =
        outcome instanceof AttemptOutcome.Succeeded ? "success" : retried ? "retried" : "failed";
    registry.counter("stepwise.step.attempts", "workflow", workflow, "outcome", result).increment();
    Timer.builder("stepwise.step.duration")
        .description("How long step bodies take, per attempt")
        .tags("workflow", workflow, "outcome", result)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.between(outcome.start(), outcome.end()));
  }

  /** Counts every change of status, so tests can see which transitions of the table were taken. */
  /** An instance took a transition of the status table: counted, and shown to the observers. */
  public void transition(String instanceId, InstanceStatus from, InstanceStatus to) {
    registry
        .counter("stepwise.instance.transitions", "from", from.wireName(), "to", to.wireName())
        .increment();
    transitionObservers.forEach(observer -> observer.taken(instanceId, from, to));
  }

  /** Sees each transition as an instance takes it (the status table's coverage test). */
  public interface TransitionObserver {
    void taken(String instanceId, InstanceStatus from, InstanceStatus to);
  }

  /** Adds an observer; the answer removes it. None in production. */
  public Runnable observeTransitions(TransitionObserver observer) {
    transitionObservers.add(observer);
    return () -> transitionObservers.remove(observer);
  }

  public double transitions(InstanceStatus from, InstanceStatus to) {
    var counter =
        registry
            .find("stepwise.instance.transitions")
            .tags("from", from.wireName(), "to", to.wireName())
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** An instance ended: counted per status, and timed from its creation. */
  public void instanceEnded(String workflow, String status, Instant createdAt, Instant endedAt) {
    registry
        .counter("stepwise.instances.ended", "workflow", workflow, "status", status)
        .increment();
    Timer.builder("stepwise.instance.duration")
        .description("From an instance's creation to its end")
        .tags("workflow", workflow, "status", status)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.between(createdAt, endedAt));
  }

  /** A due timer was forwarded {@code late} after its due time. */
  public void timerFired(Duration late) {
    timerLateness.record(late.isNegative() ? Duration.ZERO : late);
  }

  /** A message was sent to the dead-letter topic. */
  public void deadLettered(String channel) {
    registry.counter("stepwise.messages.dead.lettered", "channel", channel).increment();
  }

  /** A record that could be neither processed nor dead-lettered was skipped (see the error log). */
  public void skipped(String channel) {
    registry.counter("stepwise.messages.skipped", "channel", channel).increment();
  }
}
