package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.Replayer;
import io.stepwise.engine.StorableJson;
import io.stepwise.faults.FaultPoints;
import io.stepwise.messaging.LifecycleMessage;
import io.stepwise.messaging.Publisher;
import io.stepwise.messaging.StepMessage;
import io.stepwise.persistence.InstanceEntity;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.persistence.Retention;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Creates instances, the same way for the client, REST, Kafka triggers and cron. */
@ApplicationScoped
public class InstanceService {

  private static final Logger LOG = Logger.getLogger(InstanceService.class);

  private final WorkflowRegistry registry;
  private final InstanceStore store;
  private final Publisher publisher;
  private final Replayer replayer;
  private final Clock clock;
  private final FaultPoints faults;

  InstanceService(
      WorkflowRegistry registry,
      InstanceStore store,
      Publisher publisher,
      Replayer replayer,
      Clock clock,
      FaultPoints faults) {
    this.faults = faults;
    this.registry = registry;
    this.store = store;
    this.publisher = publisher;
    this.replayer = replayer;
    this.clock = clock;
  }

  public Uni<InstanceEntity> create(String workflowName, String id, JsonNode params) {
    return create(workflowName, id, params, null);
  }

  /**
   * Validates, stores the instance as queued and publishes its first step message.
   *
   * @param id the instance id, or null for a random UUID
   * @param retention how long to keep it once finished, or null for the defaults
   * @throws UnknownWorkflowException, InvalidInputException, or (in the Uni)
   *     DuplicateInstanceException
   */
  public Uni<InstanceEntity> create(String workflowName, String id, JsonNode params, Retention retention) {
    String instanceId = id == null ? UUID.randomUUID().toString() : id;
    validate(workflowName, instanceId, params);
    JsonNode stored = params == null || params.isNull() ? null : params;
    return store.create(workflowName, instanceId, stored, retention == null ? Retention.DEFAULT : retention, clock.instant())
        .call(row -> announce(row)
            .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).atMost(3)
            .onFailure().recoverWithItem(error -> {
              LOG.warnf(error, "STEPWISE-020 instance %s stored but not announced; the sweeper will start it", instanceId);
              return null;
            }));
  }

  /** The first step message, and "queued" on the lifecycle topic. */
  private Uni<Void> announce(InstanceEntity row) {
    Uni<Void> lifecycle = publisher.lifecycle(row.pk, new LifecycleMessage(
        row.workflow, row.instanceId, row.status, row.seq, row.createdAt.toString(), null, null));
    return faults.fires(FaultPoints.NEXT_STEP_LOST, row.instanceId)
        ? lifecycle
        : lifecycle.chain(() -> publisher.step(new StepMessage(row.pk, row.seq)));
  }

  /** Checks a create request without creating anything. */
  public void validate(String workflowName, String id, JsonNode params) {
    RegisteredWorkflow workflow = registry.find(workflowName).orElseThrow(() -> new UnknownWorkflowException(workflowName));
    if (id != null && !Names.isValidInstanceId(id)) {
      throw new InvalidInputException("invalid instance id '" + id + "': " + Names.instanceIdRule());
    }
    if (StorableJson.hasNul(params)) {
      throw new InvalidInputException("params may not contain the NUL character (\\u0000)");
    }
    try {
      replayer.readParams(params, workflow.paramsType());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "params do not fit workflow '" + workflow.name() + "' (" + workflow.paramsType().getRawClass().getSimpleName()
              + "): " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    int firstLine = message == null ? -1 : message.indexOf('\n');
    return firstLine < 0 ? String.valueOf(message) : message.substring(0, firstLine);
  }
}
