package io.stepwise.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.EventTypes;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StatusCommand;
import io.stepwise.engine.StepKey;
import io.stepwise.errors.DuplicateInstanceException;
import io.stepwise.errors.InstanceNotFoundException;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.errors.PayloadTooLargeException;
import io.stepwise.errors.UnknownWorkflowException;
import io.stepwise.faults.FaultPoints;
import io.stepwise.persistence.CommandResult;
import io.stepwise.persistence.InstanceQueries;
import io.stepwise.persistence.OperatorTransactions;
import io.stepwise.persistence.StoredInstance;
import io.stepwise.runtime.EngineMetrics;
import io.stepwise.runtime.InstanceService;
import io.stepwise.runtime.Names;
import io.stepwise.runtime.ParamsContracts;
import io.stepwise.runtime.Payloads;
import io.stepwise.runtime.RegisteredWorkflow;
import io.stepwise.runtime.WorkflowRegistry;
import io.stepwise.runtime.announce.Announcement;
import io.stepwise.runtime.announce.Announcer;
import io.stepwise.runtime.announce.InstanceSignals;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that can be done to workflows and instances, for Java code in the service (a bean to
 * inject, as Cloudflare's binding is to a Worker) and for the REST API, which is a thin layer over
 * it.
 *
 * <p><b>Error handling:</b> the returned {@link Uni}s fail with {@link UnknownWorkflowException},
 * {@link InstanceNotFoundException}, {@link DuplicateInstanceException}, {@link
 * InvalidInputException}, {@link PayloadTooLargeException} or {@code StatusConflictException} (an
 * operation that does not fit the instance's status).
 *
 * <p><b>Thread safety:</b> safe to share; call it from a Vert.x context (a REST method, a messaging
 * method), as Hibernate Reactive requires.
 */
@ApplicationScoped
public class StepwiseOperations {

  /** The most instances one batch may create. */
  public static final int MAX_BATCH = 100;

  private final WorkflowRegistry registry;
  private final InstanceService instances;
  private final InstanceQueries queries;
  private final OperatorTransactions transactions;
  private final Announcer announcer;
  private final InstanceSignals signals;
  private final InstanceFeeds feeds;
  private final EngineMetrics metrics;
  private final Clock clock;
  private final ParamsContracts contracts;
  private final FaultPoints faults;

  StepwiseOperations(
      WorkflowRegistry registry,
      InstanceService instances,
      InstanceQueries queries,
      OperatorTransactions transactions,
      Announcer announcer,
      InstanceSignals signals,
      InstanceFeeds feeds,
      EngineMetrics metrics,
      ParamsContracts contracts,
      FaultPoints faults,
      Clock clock) {
    this.faults = faults;
    this.contracts = contracts;
    this.registry = registry;
    this.instances = instances;
    this.queries = queries;
    this.transactions = transactions;
    this.announcer = announcer;
    this.signals = signals;
    this.feeds = feeds;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The registered workflows, each with how many instances it has in each status. */
  public Uni<List<Views.WorkflowView>> workflows() {
    return queries
        .countByStatus()
        .map(
            counts ->
                registry.all().stream()
                    .map(w -> Views.WorkflowView.of(w, contracts, counts))
                    .toList());
  }

  /** One workflow, with how many instances it has in each status. */
  public Uni<Views.WorkflowView> workflow(String workflow) {
    return Uni.createFrom()
        .deferred(
            () -> {
              RegisteredWorkflow registered =
                  registry.find(workflow).orElseThrow(() -> new UnknownWorkflowException(workflow));
              return queries
                  .countByStatus(workflow)
                  .map(counts -> Views.WorkflowView.of(registered, contracts, counts));
            });
  }

  /** Creates an instance and starts it. */
  public Uni<Views.Created> create(String workflow, CreateRequest request) {
    return Uni.createFrom()
        .deferred(
            () -> {
              return instances.create(
                  workflow, request.id(), request.params(), request.retention());
            })
        .map(row -> new Views.Created(row.instanceId(), row.status()));
  }

  /**
   * Creates up to {@link #MAX_BATCH} instances. All are validated before any is created; ids that
   * exist already are skipped and left out of the answer, so a batch can be sent again safely.
   */
  public Uni<List<Views.Created>> createBatch(String workflow, List<CreateRequest> requests) {
    return Uni.createFrom()
        .deferred(
            () -> {
              if (requests.isEmpty() || requests.size() > MAX_BATCH) {
                throw new InvalidInputException(
                    "a batch has 1 to "
                        + MAX_BATCH
                        + " instances, this one has "
                        + requests.size());
              }
              for (int i = 0; i < requests.size(); i++) {
                CreateRequest r = requests.get(i);
                try {
                  instances.validate(workflow, r.id(), r.params());
                } catch (InvalidInputException e) {
                  throw new InvalidInputException("item " + i + ": " + e.getMessage());
                }
              }
              return Multi.createFrom()
                  .iterable(requests)
                  .onItem()
                  .transformToUniAndConcatenate(
                      r ->
                          create(workflow, r)
                              .onFailure(DuplicateInstanceException.class)
                              .recoverWithNull())
                  .collect()
                  .asList();
            });
  }

  /** One instance with its step timeline; {@code latest} names the newest instance. */
  public Uni<Views.InstanceView> get(String workflow, String id) {
    return find(workflow, id).chain(this::view);
  }

  /**
   * One instance, once it has ended or {@code wait} has passed, whichever comes first (answered
   * when the instance's change is signalled, not by polling: see {@link InstanceSignals}). The view
   * says which: its status is final or not.
   */
  public Uni<Views.InstanceView> get(String workflow, String id, Duration wait) {
    return find(workflow, id).chain(found -> untilEnded(found, wait));
  }

  /** Creates an instance and answers its view once it has ended or {@code wait} has passed. */
  public Uni<Views.InstanceView> createAndWait(
      String workflow, CreateRequest request, Duration wait) {
    return Uni.createFrom()
        .deferred(
            () -> {
              return instances.create(
                  workflow, request.id(), request.params(), request.retention());
            })
        .chain(row -> untilEnded(row, wait));
  }

  private Uni<Views.InstanceView> untilEnded(StoredInstance row, Duration wait) {
    if (wait.isZero()) {
      return view(row);
    }
    return signals.readUntil(
        row.pk(),
        wait,
        () ->
            queries
                .find(row.workflow(), row.instanceId())
                .chain(
                    found ->
                        found != null
                            ? view(found)
                            : Uni.createFrom()
                                .failure(
                                    new InstanceNotFoundException(
                                        row.workflow(), row.instanceId()))), // deleted meanwhile
        StepwiseOperations::hasEnded);
  }

  /**
   * The instance's view at once and after each of its changes, until cancelled or the instance is
   * deleted. Followers of one instance share its readings ({@link InstanceFeeds}): a change this
   * replica made, and every status change, is signalled; a step another replica recorded between
   * two status changes is seen at the feed's next re-check.
   */
  public Multi<Views.InstanceView> follow(String workflow, String id) {
    return find(workflow, id)
        .onItem()
        .transformToMulti(
            row ->
                feeds.follow(
                    row.pk(),
                    () ->
                        queries
                            .find(row.workflow(), row.instanceId())
                            .chain(
                                found ->
                                    // deleted, or deleted and created again under the same id
                                    found == null || found.pk() != row.pk()
                                        ? Uni.createFrom().<Views.InstanceView>nullItem()
                                        : view(found))));
  }

  /** Whether the view shows an instance that ended (complete, errored, terminated). */
  public static boolean hasEnded(Views.InstanceView view) {
    return InstanceStatus.fromWireName(view.status()).map(InstanceStatus::isFinal).orElse(false);
  }

  private Uni<StoredInstance> find(String workflow, String id) {
    return Uni.createFrom()
        .deferred(
            () -> {
              requireWorkflow(workflow);
              requirePossibleId(workflow, id);
              Uni<StoredInstance> row =
                  Names.LATEST.equals(id) ? queries.latest(workflow) : queries.find(workflow, id);
              return row.map(
                  found -> {
                    if (found == null) {
                      throw new InstanceNotFoundException(workflow, id);
                    }
                    return found;
                  });
            });
  }

  private Uni<Views.InstanceView> view(StoredInstance row) {
    return queries.steps(row.pk()).map(steps -> Views.InstanceView.of(row, steps));
  }

  /** A page of instances, newest first unless {@code oldestFirst}. */
  public Uni<Views.InstanceList> list(
      String workflow, InstanceStatus status, Long cursor, int limit, boolean oldestFirst) {
    return Uni.createFrom()
        .deferred(
            () -> {
              requireWorkflow(workflow);
              return queries
                  .list(workflow, status, cursor, limit, oldestFirst)
                  .map(
                      page ->
                          new Views.InstanceList(
                              page.instances().stream().map(Views.InstanceSummary::of).toList(),
                              Cursors.encode(page.nextCursor())));
            });
  }

  /**
   * Instances across every workflow, newest first: the dashboard's recent instances and its search
   * by id ({@code id} non-null: the instances of that id, one per workflow that has it).
   */
  public Uni<Views.InstanceList> recent(InstanceStatus status, String id, Long cursor, int limit) {
    return queries
        .list(new InstanceQueries.ListFilter(null, status, id), cursor, limit, false)
        .map(
            page ->
                new Views.InstanceList(
                    page.instances().stream().map(Views.InstanceSummary::of).toList(),
                    Cursors.encode(page.nextCursor())));
  }

  public Uni<Views.StatusView> pause(String workflow, String id) {
    return command(workflow, id, StatusCommand.PAUSE, false, null);
  }

  public Uni<Views.StatusView> resume(String workflow, String id) {
    return command(workflow, id, StatusCommand.RESUME, false, null);
  }

  /**
   * Ends the instance; with {@code rollback}, the compensations of its completed steps run first.
   */
  public Uni<Views.StatusView> terminate(String workflow, String id, boolean rollback) {
    return command(workflow, id, StatusCommand.TERMINATE, rollback, null);
  }

  /** Runs the instance again from the start, or from step {@code from} (null: the start). */
  public Uni<Views.StatusView> restart(String workflow, String id, StepKey from) {
    return command(workflow, id, StatusCommand.RESTART, false, from);
  }

  /** Any of the status commands above, by name. */
  public Uni<Views.StatusView> command(
      String workflow, String id, StatusCommand command, boolean rollback, StepKey from) {
    return Uni.createFrom()
        .deferred(
            () -> {
              requireWorkflow(workflow);
              requirePossibleId(workflow, id);
              return transactions.apply(workflow, id, command, rollback, from, clock.instant());
            })
        .invoke(this::announce)
        .map(result -> new Views.StatusView(result.instanceId(), result.status().wireName()));
  }

  /**
   * Sends an event to an instance: delivered to its waitForEvent of that type now, or kept until it
   * gets there. Each event is consumed once.
   */
  public Uni<Views.EventAccepted> sendEvent(
      String workflow, String id, String type, JsonNode payload) {
    return sendEvent(workflow, id, type, payload, null);
  }

  /**
   * Sends an event that the sender names with {@code eventId} (null: unnamed): a repeated id is
   * stored once per instance and answered as the first send was, so a sender may always retry.
   *
   * <p>The answer comes once the event is committed; the wake-up of a waiting instance is announced
   * after that, and the sweeper makes up for one that was lost.
   */
  public Uni<Views.EventAccepted> sendEvent(
      String workflow, String id, String type, JsonNode payload, String eventId) {
    return Uni.createFrom()
        .deferred(
            () -> {
              requireWorkflow(workflow);
              requirePossibleId(workflow, id);
              if (!EventTypes.isValid(type)) {
                throw new InvalidInputException(
                    "invalid event type '" + type + "': " + EventTypes.rule());
              }
              if (eventId != null && !Names.isValidEventId(eventId)) {
                throw new InvalidInputException("invalid event id: " + Names.eventIdRule());
              }
              // Params are checked with the rest of a create request, in InstanceService.validate.
              Payloads.check("event payload", payload);
              return transactions.sendEvent(workflow, id, type, payload, eventId, clock.instant());
            })
        .invoke(
            stored -> {
              // a retry wakes the instance too: its first wake-up may be what was lost
              if (stored.waiting() != null && !faults.fires(FaultPoints.NEXT_STEP_LOST, id)) {
                announcer.inBackground(
                    id,
                    List.of(
                        new Announcement.NextStep(stored.waiting().pk(), stored.waiting().seq())));
              }
            })
        .map(stored -> new Views.EventAccepted(id, type, eventId, stored.duplicate()));
  }

  /** Deletes instances with their steps and events; answers the ids that existed. */
  public Uni<List<String>> delete(String workflow, List<String> ids) {
    return Uni.createFrom()
        .deferred(
            () -> {
              requireWorkflow(workflow);
              List<String> possible = ids.stream().filter(Names::isValidInstanceId).toList();
              return possible.isEmpty()
                  ? Uni.createFrom().item(List.<String>of())
                  : transactions.delete(workflow, possible);
            });
  }

  /** Started, not awaited: the answer does not wait for the broker once the change is committed. */
  private void announce(CommandResult result) {
    metrics.transition(result.instanceId(), result.from(), result.status());
    List<Announcement> announcements = new ArrayList<>();
    if (result.from() != result.status()) {
      announcements.add(
          new Announcement.StatusChanged(
              result.pk(),
              result.workflow(),
              result.instanceId(),
              result.status(),
              result.seq(),
              clock.instant(),
              null,
              null));
    }
    if (result.effect().runsNext()) {
      announcements.add(new Announcement.NextStep(result.pk(), result.seq()));
    }
    announcer.inBackground(result.instanceId(), announcements);
  }

  private void requireWorkflow(String workflow) {
    if (registry.find(workflow).isEmpty()) {
      throw new UnknownWorkflowException(workflow);
    }
  }

  /** An id no instance can have (see Names) names no instance: answered without a query. */
  private static void requirePossibleId(String workflow, String id) {
    if (!Names.isValidInstanceId(id)) {
      throw new InstanceNotFoundException(workflow, id);
    }
  }
}
