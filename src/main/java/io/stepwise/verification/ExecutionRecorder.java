package io.stepwise.verification;

import io.smallrye.mutiny.Uni;
import io.stepwise.api.StepContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records every execution of a verification step body in {@code verification.body_execution} (the
 * chaos suite creates and reads), committed before the body returns: so the suite sees a body that
 * ran even when the process died before the engine recorded its result.
 */
@ApplicationScoped
public class ExecutionRecorder {

  private static final String REPLICA = Long.toString(ProcessHandle.current().pid());

  private final Pool pool;

  ExecutionRecorder(Pool pool) {
    this.pool = pool;
  }

  public Uni<Void> record(String workflow, StepContext step) {
    return pool.preparedQuery(
            "insert into verification.body_execution (workflow, instance_id, step, occurrence, attempt, replica)"
                + " values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                workflow,
                step.instanceId(),
                step.stepName(),
                step.count(),
                step.attempt(),
                REPLICA))
        .replaceWithVoid();
  }
}
