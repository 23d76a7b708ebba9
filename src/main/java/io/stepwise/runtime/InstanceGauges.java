package io.stepwise.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.stepwise.persistence.InstanceQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code stepwise_instances{workflow, status}}: how many instances are in each status, counted in
 * the database (so every replica reports the same totals) every {@code
 * stepwise.metrics.count-interval}.
 */
@ApplicationScoped
public class InstanceGauges {

  private final InstanceQueries queries;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  InstanceGauges(InstanceQueries queries, MeterRegistry registry) {
    this.queries = queries;
    this.registry = registry;
  }

  @Scheduled(
      identity = "stepwise-instance-gauges",
      every = "${stepwise.metrics.count-interval:15s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  Uni<Void> count() {
    return queries
        .countByStatus()
        .invoke(
            counts -> {
              gauges.values().forEach(g -> g.set(0));
              counts.forEach(c -> gauge(c.workflow(), c.status()).set(c.count()));
            })
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private AtomicLong gauge(String workflow, String status) {
    return gauges.computeIfAbsent(
        workflow + "/" + status,
        key -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder("stepwise.instances", value, AtomicLong::get)
              .description("Instances by workflow and status")
              .tags("workflow", workflow, "status", status)
              .register(registry);
          return value;
        });
  }
}
