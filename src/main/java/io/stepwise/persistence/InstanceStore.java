package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.StepState;
import io.stepwise.engine.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Instance state in PostgreSQL. Every write is one transaction guarded by the instance's version
 * ({@code seq}): of two messages racing for the same instance, one commits and the other is told it
 * lost, so an instance never forks.
 */
@ApplicationScoped
public class InstanceStore {

  private final StepRecordMapper steps;

  InstanceStore(ObjectMapper mapper) {
    this.steps = new StepRecordMapper(mapper);
  }

  /** Inserts a queued instance; fails with {@link DuplicateInstanceException} if the id is taken. */
  public Uni<InstanceEntity> create(String workflow, String instanceId, JsonNode params, Instant now) {
    InstanceEntity row = new InstanceEntity();
    row.workflow = workflow;
    row.instanceId = instanceId;
    row.status = InstanceStatus.QUEUED.wireName();
    row.params = JsonEnvelope.wrap(params);
    row.createdAt = now;
    row.updatedAt = now;
    return Panache.withTransaction(() -> row.persist())
        .replaceWith(row)
        .onFailure(DatabaseErrors::isUniqueViolation)
        .transform(e -> new DuplicateInstanceException(workflow, instanceId));
  }

  /** The instance and its steps, for a replay; empty when it does not exist. */
  public Uni<Optional<InstanceState>> load(long pk) {
    return Panache.withSession(
        () -> InstanceEntity.<InstanceEntity>findById(pk)
            .chain(row -> row == null
                ? Uni.createFrom().item(Optional.<InstanceState>empty())
                : stepsOf(pk).map(list -> Optional.of(toState(row, list)))));
  }

  /**
   * Commits a transition. Answers false (and changes nothing) when the instance moved on since it
   * was loaded: the caller's message was stale.
   */
  public Uni<Boolean> commit(long pk, Transition transition, Instant now) {
    return Panache.withTransaction(
            () -> InstanceEntity.<InstanceEntity>findById(pk)
                .chain(row -> {
                  if (row == null || row.seq != transition.expectedSeq()) {
                    return Uni.createFrom().item(false);
                  }
                  apply(transition, row, now);
                  return writeSteps(pk, transition.stepWrites()).replaceWith(true);
                }))
        .onFailure(DatabaseErrors::isLostRace)
        .recoverWithItem(false);
  }

  public Uni<InstanceEntity> find(String workflow, String instanceId) {
    return Panache.withSession(
        () -> InstanceEntity.<InstanceEntity>find("workflow = ?1 and instanceId = ?2", workflow, instanceId)
            .firstResult());
  }

  public Uni<InstanceEntity> latest(String workflow) {
    return Panache.withSession(
        () -> InstanceEntity.<InstanceEntity>find("workflow", Sort.descending("pk"), workflow).firstResult());
  }

  /** Newest first; {@code beforePk} is the cursor of the previous page. */
  public Uni<InstancePage> list(String workflow, InstanceStatus status, Long beforePk, int limit) {
    // Unused filters match everything, so the query keeps one shape.
    String query = "workflow = ?1 and (?2 is null or status = ?2) and pk < ?3";
    String statusFilter = status == null ? null : status.wireName();
    long before = beforePk == null ? Long.MAX_VALUE : beforePk;
    return Panache.withSession(
            () -> InstanceEntity.<InstanceEntity>find(query, Sort.descending("pk"), workflow, statusFilter, before)
                .range(0, limit)
                .list())
        .map(rows -> rows.size() > limit
            ? new InstancePage(rows.subList(0, limit), rows.get(limit - 1).pk)
            : new InstancePage(rows, null));
  }

  /** The recorded steps of an instance, in the order they were first recorded. */
  public Uni<List<StepState>> steps(long pk) {
    return Panache.withSession(() -> stepsOf(pk)).map(rows -> rows.stream().map(steps::toState).toList());
  }

  /**
   * Instances waiting for a timer that should have fired before {@code dueBefore}: their timer
   * message was lost, or is very late.
   */
  public Uni<List<InstanceRef>> overdueTimers(Instant dueBefore, int limit) {
    return refs(
        "select distinct i.pk, i.seq from InstanceEntity i, StepRecordEntity s"
            + " where s.instancePk = i.pk and s.status = 'waiting' and s.wakeAt < ?1 and i.status = 'waiting'",
        dueBefore, limit);
  }

  /** Runnable instances that have not changed since {@code before}: their next message may be lost. */
  public Uni<List<InstanceRef>> stalled(Instant before, int limit) {
    return refs(
        "select i.pk, i.seq from InstanceEntity i where i.status in ('queued', 'running') and i.updatedAt < ?1",
        before, limit);
  }

  private Uni<List<InstanceRef>> refs(String query, Instant cutoff, int limit) {
    return Panache.withSession(() -> Panache.getSession().chain(session -> session
            .createSelectionQuery(query, Object[].class)
            .setParameter(1, cutoff)
            .setMaxResults(limit)
            .getResultList()))
        .map(rows -> rows.stream().map(r -> new InstanceRef((Long) r[0], (Long) r[1])).toList());
  }

  private Uni<List<StepRecordEntity>> stepsOf(long pk) {
    return StepRecordEntity.<StepRecordEntity>find("instancePk", Sort.ascending("id"), pk).list();
  }

  private InstanceState toState(InstanceEntity row, List<StepRecordEntity> rows) {
    Map<StepKey, StepState> byKey = rows.stream()
        .map(steps::toState)
        .collect(Collectors.toMap(StepState::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    InstanceStatus status = InstanceStatus.fromWireName(row.status)
        .orElseThrow(() -> new IllegalStateException("instance " + row.pk + " has unknown status " + row.status));
    return new InstanceState(
        row.pk, row.workflow, row.instanceId, status, row.paramsValue(), row.seq, row.createdAt, byKey);
  }

  private static void apply(Transition transition, InstanceEntity row, Instant now) {
    row.status = transition.status().wireName();
    row.updatedAt = now;
    if (transition.output() != null) {
      row.output = JsonEnvelope.wrap(transition.output());
    }
    if (transition.error() != null) {
      row.errorName = transition.error().name();
      row.errorMessage = transition.error().message();
    }
    if (transition.startedAt() != null) {
      row.startedAt = transition.startedAt();
    }
    if (transition.endedAt() != null) {
      row.endedAt = transition.endedAt();
    }
  }

  private Uni<Void> writeSteps(long pk, List<StepState> writes) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (StepState write : writes) {
      chain = chain.chain(() -> StepRecordEntity.<StepRecordEntity>find(
                  "instancePk = ?1 and name = ?2 and occurrence = ?3", pk, write.key().name(), write.key().count())
              .firstResult()
              .chain(existing -> {
                StepRecordEntity row = existing != null ? existing : new StepRecordEntity();
                row.instancePk = pk;
                steps.copyInto(write, row);
                return existing != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
              }));
    }
    return chain;
  }
}
