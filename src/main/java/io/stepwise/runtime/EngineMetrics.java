package io.stepwise.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stepwise.engine.InstanceStatus;
import jakarta.enterprise.context.ApplicationScoped;

/** The engine's counters (Micrometer, exported in Prometheus format on /q/metrics). */
@ApplicationScoped
public class EngineMetrics {

  private final MeterRegistry registry;
  private final Counter staleMessages;
  private final Counter lostRaces;

  EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.staleMessages = Counter.builder("stepwise.step.messages.stale")
        .description("Step messages dropped because the instance had moved on or ended")
        .register(registry);
    this.lostRaces = Counter.builder("stepwise.step.commits.lost")
        .description("Transitions not committed because another message advanced the instance first")
        .register(registry);
  }

  public void staleMessage() {
    staleMessages.increment();
  }

  public double staleMessages() {
    return staleMessages.count();
  }

  public void lostRace() {
    lostRaces.increment();
  }

  public void attempt(String workflow, boolean success) {
    registry.counter("stepwise.step.attempts", "workflow", workflow, "outcome", success ? "success" : "failure")
        .increment();
  }

  /** Counts every change of status, so tests can see which transitions of the table were taken. */
  public void transition(InstanceStatus from, InstanceStatus to) {
    registry.counter("stepwise.instance.transitions", "from", from.wireName(), "to", to.wireName()).increment();
  }

  public double transitions(InstanceStatus from, InstanceStatus to) {
    var counter = registry.find("stepwise.instance.transitions").tags("from", from.wireName(), "to", to.wireName()).counter();
    return counter == null ? 0 : counter.count();
  }

  public void instanceEnded(String workflow, String status) {
    registry.counter("stepwise.instances.ended", "workflow", workflow, "status", status).increment();
  }
}
