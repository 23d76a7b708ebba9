package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Retention;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.errors.UnknownWorkflowException;
import io.stepwise.faults.FaultPoints;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.persistence.StoredInstance;
import io.stepwise.runtime.announce.Announcement;
import io.stepwise.runtime.announce.Announcer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates instances, the same way for the client, REST, Kafka triggers and cron. */
@ApplicationScoped
public class InstanceService {

  private final WorkflowRegistry registry;
  private final InstanceStore store;
  private final Announcer announcer;
  private final ParamsContracts contracts;
  private final Clock clock;
  private final FaultPoints faults;
  private final EagerStart eagerStart;

  InstanceService(
      WorkflowRegistry registry,
      InstanceStore store,
      Announcer announcer,
      ParamsContracts contracts,
      Clock clock,
      FaultPoints faults,
      EagerStart eagerStart) {
    this.eagerStart = eagerStart;
    this.faults = faults;
    this.registry = registry;
    this.store = store;
    this.announcer = announcer;
    this.contracts = contracts;
    this.clock = clock;
  }

  public Uni<StoredInstance> create(String workflowName, String id, JsonNode params) {
    return create(workflowName, id, params, null);
  }

  /**
   * Validates, stores the instance as queued, publishes its first step message and, when this
   * replica owns the instance's partition, starts its first step at once ({@link EagerStart}).
   *
   * @param id the instance id, or null for a random UUID
   * @param retention how long to keep it once finished, or null for the defaults
   * @throws UnknownWorkflowException, InvalidInputException, or (in the Uni)
   *     DuplicateInstanceException
   */
  public Uni<StoredInstance> create(
      String workflowName, String id, JsonNode params, Retention retention) {
    String instanceId = id == null ? UUID.randomUUID().toString() : id;
    validate(workflowName, instanceId, params);
    JsonNode stored = params == null || params.isNull() ? null : params;
    return store
        .create(
            workflowName,
            instanceId,
            stored,
            retention == null ? Retention.DEFAULT : retention,
            clock.instant())
        .invoke(
            row -> {
              List<Announcement> announcements = announcements(row);
              // started now, while the first step may already run here; the answer does not
              // wait for the broker (a dead one would hold it for minutes): the sweeper
              // publishes what is lost
              announcer.inBackground(row.instanceId(), announcements);
              if (announcements.stream().anyMatch(Announcement.NextStep.class::isInstance)) {
                eagerStart.start(
                    new InstanceState(
                        row.pk(),
                        row.workflow(),
                        row.instanceId(),
                        InstanceStatus.QUEUED,
                        row.params(),
                        row.seq(),
                        row.createdAt(),
                        Map.of()));
              }
            });
  }

  /** "Queued" on the lifecycle topic, and the first step message. */
  private List<Announcement> announcements(StoredInstance row) {
    Announcement queued =
        new Announcement.StatusChanged(
            row.pk(),
            row.workflow(),
            row.instanceId(),
            InstanceStatus.QUEUED,
            row.seq(),
            row.createdAt(),
            null,
            null);
    return faults.fires(FaultPoints.NEXT_STEP_LOST, row.instanceId())
        ? List.of(queued)
        : List.of(queued, new Announcement.NextStep(row.pk(), row.seq()));
  }

  /** Checks a create request without creating anything. */
  public void validate(String workflowName, String id, JsonNode params) {
    RegisteredWorkflow workflow =
        registry.find(workflowName).orElseThrow(() -> new UnknownWorkflowException(workflowName));
    if (id != null && !Names.isValidInstanceId(id)) {
      throw new InvalidInputException(
          "invalid instance id '" + id + "': " + Names.instanceIdRule());
    }
    if (Names.LATEST.equals(id)) {
      throw new InvalidInputException(
          "the id '"
              + Names.LATEST
              + "' is reserved: the API reads it as the workflow's newest"
              + " instance");
    }
    Payloads.check("params", params);
    contracts.check(workflow, params);
  }
}
