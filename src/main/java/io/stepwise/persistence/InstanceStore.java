package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.ConsumedEvent;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Outbound;
import io.stepwise.engine.PendingEvent;
import io.stepwise.engine.Retention;
import io.stepwise.engine.Rollback;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.StepState;
import io.stepwise.engine.StepStatus;
import io.stepwise.engine.Transition;
import io.stepwise.engine.TransitionPlanner;
import io.stepwise.errors.DuplicateInstanceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Instance state in PostgreSQL, as the engine reads and writes it. Every write is one transaction
 * that checks the instance's sequence and version: of two messages racing for the same instance,
 * one commits and the other is told it lost, so an instance never forks.
 */
@ApplicationScoped
public class InstanceStore {

  /** How long a group commit waits for its rows' locks before each of its commits goes alone. */
  private static final int GROUP_LOCK_TIMEOUT_MS = 200;

  private final StepRecordMapper steps;
  private final GroupCommit groupCommit;
  private final Duration successRetention;
  private final Duration errorRetention;

  InstanceStore(
      ObjectMapper mapper,
      @ConfigProperty(name = "stepwise.retention.success", defaultValue = "P30D")
          Duration successRetention,
      @ConfigProperty(name = "stepwise.retention.error", defaultValue = "P30D")
          Duration errorRetention,
      GroupCommit.Settings groupCommit,
      MeterRegistry registry) {
    this.steps = new StepRecordMapper(mapper);
    this.groupCommit = new GroupCommit(groupCommit, this, registry);
    this.successRetention = successRetention;
    this.errorRetention = errorRetention;
  }

  /**
   * Inserts a queued instance; fails with {@link DuplicateInstanceException} if the id is taken.
   */
  public Uni<StoredInstance> create(
      String workflow, String instanceId, JsonNode params, Retention retention, Instant now) {
    InstanceEntity row = new InstanceEntity();
    row.workflow = workflow;
    row.instanceId = instanceId;
    row.status = InstanceStatus.QUEUED.wireName();
    row.params = JsonEnvelope.wrap(params);
    row.successRetentionMs = retention.success() == null ? null : retention.success().toMillis();
    row.errorRetentionMs = retention.error() == null ? null : retention.error().toMillis();
    row.createdAt = now;
    row.updatedAt = now;
    return Panache.withTransaction(() -> row.persist())
        .replaceWith(() -> StoredInstance.of(row))
        .onFailure(DatabaseErrors::isUniqueViolation)
        .transform(e -> new DuplicateInstanceException(workflow, instanceId));
  }

  /** The instance, its steps and its pending events, for a replay; empty when it does not exist. */
  public Uni<Optional<InstanceState>> load(long pk) {
    return Panache.withSession(
        () ->
            InstanceEntity.<InstanceEntity>findById(pk)
                .chain(
                    row -> {
                      if (row == null) {
                        return Uni.createFrom().item(Optional.<InstanceState>empty());
                      }
                      return stepsOf(pk)
                          .chain(
                              stepRows ->
                                  pendingEvents(pk)
                                      .map(events -> Optional.of(toState(row, stepRows, events))));
                    }));
  }

  /**
   * Commits a transition and answers what was committed: the transition itself, or its paused form
   * when an operator paused the instance meanwhile. Empty (and nothing changed) when the instance
   * moved on since it was loaded: the caller's message was stale.
   *
   * <p>For the transition an attempt produced, fails with {@link FencedAttemptException}, and
   * nothing changes, when a newer attempt of the step started since ({@code attemptToken} is no
   * longer the instance's): the older attempt's result is never recorded. A transition that ran no
   * body (a replay that only starts a sleep or a wait) passes a null token.
   *
   * <p>{@code recorded} are the steps the instance had when it was loaded: the others are inserted
   * without looking for them first. That is exact, because the commit holds the instance's row lock
   * and finds its sequence unchanged since the load, so no step was recorded meanwhile.
   */
  public Uni<Optional<Committed>> commit(
      long pk, Transition transition, Instant now, UUID attemptToken, Set<StepKey> recorded) {
    return commit(pk, transition, now, attemptToken, recorded, null);
  }

  /**
   * {@link #commit(long, Transition, Instant, UUID, Set)}, and when {@code nextAttemptToken} is
   * given and the committed transition runs the next step, that step's attempt begins in the same
   * transaction (its token recorded, as {@link #beginAttempt} would): the step runs next in this
   * process without a write of its own. {@link Committed#nextAttemptToken} says whether it began.
   *
   * <p>With group commit on ({@code stepwise.commits.group.enabled}), commits of different
   * instances that are ready while others are being written go to PostgreSQL together, in one
   * transaction (see {@link GroupCommit}); each keeps its own checks and its own answer.
   */
  public Uni<Optional<Committed>> commit(
      long pk,
      Transition transition,
      Instant now,
      UUID attemptToken,
      Set<StepKey> recorded,
      UUID nextAttemptToken) {
    CommitRequest request =
        new CommitRequest(pk, transition, now, attemptToken, recorded, nextAttemptToken);
    return groupCommit.isEnabled() ? groupCommit.submit(request) : commitAlone(request);
  }

  /**
   * Records the step one branch of a parallel attempt ended with, as soon as it ends, so that a
   * crash before the branches' common commit does not run a completed branch again. Checked like
   * {@link #commit}: false (nothing written) when the instance moved on since {@code expectedSeq};
   * fails with {@link FencedAttemptException} when a newer attempt began. Leaves the sequence and
   * the status alone: the common commit that follows decides what comes next.
   *
   * @param recorded the steps the instance has records of (its load's and the branches' committed
   *     before this one): the others are inserted
   */
  public Uni<Boolean> commitBranch(
      long pk, long expectedSeq, UUID attemptToken, StepState step, Set<StepKey> recorded) {
    return Panache.withTransaction(
        () ->
            InstanceEntity.<InstanceEntity>findById(pk, LockModeType.PESSIMISTIC_WRITE)
                .chain(
                    row -> {
                      if (row == null || row.seq != expectedSeq) {
                        return Uni.createFrom().item(false);
                      }
                      if (!attemptToken.equals(row.attemptToken)) {
                        return Uni.createFrom()
                            .failure(new FencedAttemptException(row.instanceId, expectedSeq));
                      }
                      return writeSteps(pk, List.of(step), recorded).replaceWith(true);
                    }));
  }

  /** One commit in a transaction of its own. */
  Uni<Optional<Committed>> commitAlone(CommitRequest request) {
    // Locked: an event sent meanwhile is either seen here or sees the instance waiting (sendEvent).
    return Panache.withTransaction(
            () ->
                InstanceEntity.<InstanceEntity>findById(
                        request.pk(), LockModeType.PESSIMISTIC_WRITE)
                    .chain(
                        row -> {
                          CommitCheck checked = check(row, request);
                          return checked instanceof CommitCheck.Allowed allowed
                              ? write(row, request, allowed)
                              : ((CommitCheck.Refused) checked).answer();
                        }))
        .onFailure(DatabaseErrors::isLostRace)
        .recoverWithItem(Optional.empty());
  }

  /**
   * Several commits of different instances in one transaction: their rows locked in one statement
   * (in key order), each checked and written as {@link #commitAlone} would. A commit refused by its
   * checks (stale, fenced) answers alone and writes nothing; any failure of a write fails the whole
   * transaction, and {@link GroupCommit} then commits each request alone.
   */
  Uni<List<Uni<Optional<Committed>>>> commitTogether(List<CommitRequest> requests) {
    List<Long> pks = requests.stream().map(CommitRequest::pk).distinct().sorted().toList();
    // A row held elsewhere (an operator's command, an event being sent, another replica) must not
    // hold the whole group: past the lock timeout the group fails and each commit waits alone.
    return Panache.withTransaction(
        () ->
            Panache.getSession()
                .chain(
                    session ->
                        session
                            .createNativeQuery(
                                "set local lock_timeout = '" + GROUP_LOCK_TIMEOUT_MS + "ms'")
                            .executeUpdate())
                .chain(
                    () ->
                        InstanceEntity.<InstanceEntity>find("pk in ?1 order by pk", pks)
                            .withLock(LockModeType.PESSIMISTIC_WRITE)
                            .list())
                .chain(
                    rows -> {
                      Map<Long, InstanceEntity> byPk = new HashMap<>();
                      rows.forEach(row -> byPk.put(row.pk, row));
                      List<Uni<Optional<Committed>>> answers = new ArrayList<>();
                      // One after the other: a session is not to be used by two operations at once.
                      Uni<Void> chain = Uni.createFrom().voidItem();
                      for (CommitRequest request : requests) {
                        chain =
                            chain.chain(
                                () -> {
                                  InstanceEntity row = byPk.get(request.pk());
                                  CommitCheck checked = check(row, request);
                                  if (checked instanceof CommitCheck.Refused refused) {
                                    answers.add(refused.answer());
                                    return Uni.createFrom().voidItem();
                                  }
                                  return write(row, request, (CommitCheck.Allowed) checked)
                                      .invoke(
                                          committed ->
                                              answers.add(Uni.createFrom().item(committed)))
                                      .replaceWithVoid();
                                });
                      }
                      return chain.replaceWith(answers);
                    }));
  }

  /** A commit's checks under its row lock: whether it may write, and as what. */
  private static CommitCheck check(InstanceEntity row, CommitRequest request) {
    Transition transition = request.transition();
    if (row == null || row.seq != transition.expectedSeq()) {
      return CommitCheck.STALE;
    }
    if (request.attemptToken() != null && !request.attemptToken().equals(row.attemptToken)) {
      return new CommitCheck.Refused(
          new FencedAttemptException(row.instanceId, transition.expectedSeq()));
    }
    InstanceStatus current = status(row);
    Transition effective = TransitionPlanner.atCommit(transition, current);
    if (!current.mayBeFollowedBy(effective.status())) {
      return new CommitCheck.Refused(
          new IllegalStateException(
              "instance "
                  + row.instanceId
                  + " may not go from "
                  + current.wireName()
                  + " to "
                  + effective.status().wireName()));
    }
    return new CommitCheck.Allowed(current, effective);
  }

  /** Writes a commit its checks allowed: the instance row (locked) and its steps and events. */
  private Uni<Optional<Committed>> write(
      InstanceEntity row, CommitRequest request, CommitCheck.Allowed allowed) {
    InstanceStatus current = allowed.current();
    Transition effective = allowed.effective();
    Instant now = request.now();
    apply(effective, row, now);
    UUID begun =
        request.nextAttemptToken() != null && runsNextStep(effective)
            ? request.nextAttemptToken()
            : null;
    if (begun != null) {
      row.attemptToken = begun;
      row.attemptStartedAt = now;
    }
    return writeSteps(row.pk, effective.stepWrites(), request.recorded())
        .chain(() -> consume(row.pk, effective.consumedEvents(), now))
        .chain(() -> wakeIfAwaitedEventArrived(row.pk, effective))
        .map(committed -> Optional.of(new Committed(current, committed, begun)));
  }

  /**
   * Starts an attempt of the current step, just before its body runs: records its fencing token
   * (which {@link #commit} then requires) and marks a queued or waiting instance running, so that
   * an operator who pauses it now lets the step finish. Leaves the sequence alone: the message
   * being handled stays current. False when the instance moved on meanwhile.
   */
  public Uni<Boolean> beginAttempt(long pk, long expectedSeq, UUID token, Instant now) {
    return Panache.withTransaction(
            () -> InstanceEntity.update(BEGIN_ATTEMPT, token, now, pk, expectedSeq))
        .map(updated -> updated == 1);
  }

  /**
   * {@link #beginAttempt}'s update, with the status it sets taken from the status table ({@link
   * InstanceStatus#whileAttemptRuns}): the row's own status decides, since an operator may have
   * changed it since the engine read it.
   */
  private static final String BEGIN_ATTEMPT = beginAttemptUpdate();

  private static String beginAttemptUpdate() {
    StringBuilder statusCase = new StringBuilder("case");
    List<String> mayBegin = new ArrayList<>();
    for (InstanceStatus status : InstanceStatus.values()) {
      status
          .whileAttemptRuns()
          .ifPresent(
              running -> {
                mayBegin.add(quoted(status));
                statusCase
                    .append(" when status = ")
                    .append(quoted(status))
                    .append(" then ")
                    .append(quoted(running));
              });
    }
    return "attemptToken = ?1, attemptStartedAt = ?2, updatedAt = ?2, version = version + 1,"
        + " status = "
        + statusCase
        + " end, startedAt = coalesce(startedAt, ?2)"
        + " where pk = ?3 and seq = ?4 and status in ("
        + String.join(", ", mayBegin)
        + ")";
  }

  /** A status as a query literal: only the enum's own names, so nothing to escape. */
  static String quoted(InstanceStatus status) {
    return "'" + status.wireName() + "'";
  }

  static String quoted(StepStatus status) {
    return "'" + status.wireName() + "'";
  }

  /**
   * Instances waiting for a timer that should have fired before {@code dueBefore}: their timer
   * message was lost, or is very late.
   */
  public Uni<List<InstanceRef>> overdueTimers(Instant dueBefore, int limit) {
    return refs(
        "select distinct i.pk, i.seq from InstanceEntity i, StepRecordEntity s"
            + " where s.instancePk = i.pk and s.status = "
            + quoted(StepStatus.WAITING)
            + " and s.wakeAt < ?1"
            + " and i.status = "
            + quoted(InstanceStatus.WAITING),
        dueBefore,
        limit);
  }

  /**
   * Instances waiting for an event of a type they hold, stored before {@code receivedBefore}: the
   * step message that would have delivered it was lost (a crash, or the broker away, after the
   * event's commit).
   */
  public Uni<List<InstanceRef>> undeliveredEvents(Instant receivedBefore, int limit) {
    return refs(
        "select distinct i.pk, i.seq from InstanceEntity i, StepRecordEntity s, EventEntity e"
            + " where s.instancePk = i.pk and s.status = "
            + quoted(StepStatus.WAITING)
            + " and s.eventType is not null and i.rollbackStatus is null"
            + " and i.status = "
            + quoted(InstanceStatus.WAITING)
            + " and e.instancePk = i.pk and e.type = s.eventType and e.consumedAt is null and e.receivedAt < ?1",
        receivedBefore,
        limit);
  }

  /**
   * Runnable instances that have not changed since {@code before}: their next message may be lost.
   */
  public Uni<List<InstanceRef>> stalled(Instant before, int limit) {
    return refs(
        "select i.pk, i.seq from InstanceEntity i where i.status in ("
            + quoted(InstanceStatus.QUEUED)
            + ", "
            + quoted(InstanceStatus.RUNNING)
            + ") and i.updatedAt < ?1",
        before,
        limit);
  }

  private Uni<List<InstanceRef>> refs(String query, Instant cutoff, int limit) {
    return Panache.withSession(
            () ->
                Panache.getSession()
                    .chain(
                        session ->
                            session
                                .createSelectionQuery(query, Object[].class)
                                .setParameter(1, cutoff)
                                .setMaxResults(limit)
                                .getResultList()))
        .map(rows -> rows.stream().map(r -> new InstanceRef((Long) r[0], (Long) r[1])).toList());
  }

  Uni<List<StepRecordEntity>> stepsOf(long pk) {
    return StepRecordEntity.<StepRecordEntity>find("instancePk", Sort.ascending("id"), pk).list();
  }

  StepRecordMapper stepMapper() {
    return steps;
  }

  private Uni<List<PendingEvent>> pendingEvents(long pk) {
    return EventEntity.<EventEntity>find(
            "instancePk = ?1 and consumedAt is null", Sort.ascending("id"), pk)
        .list()
        .map(
            rows ->
                rows.stream()
                    .map(
                        e ->
                            new PendingEvent(
                                e.id, e.type, JsonEnvelope.unwrap(e.payload), e.receivedAt))
                    .toList());
  }

  private InstanceState toState(
      InstanceEntity row, List<StepRecordEntity> rows, List<PendingEvent> events) {
    Map<StepKey, StepState> byKey =
        rows.stream()
            .map(steps::toState)
            .collect(
                Collectors.toMap(
                    StepState::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Rollback rollback =
        row.finalStatus == null
            ? null
            : new Rollback(InstanceStatus.fromWireName(row.finalStatus).orElseThrow());
    return new InstanceState(
        row.pk,
        row.workflow,
        row.instanceId,
        status(row),
        row.paramsValue(),
        row.seq,
        row.createdAt,
        byKey,
        events,
        rollback);
  }

  static InstanceStatus status(InstanceEntity row) {
    return InstanceStatus.fromWireName(row.status)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "instance " + row.pk + " has unknown status " + row.status));
  }

  private void apply(Transition transition, InstanceEntity row, Instant now) {
    row.seq = transition.nextSeq();
    // Every transition ends the attempt in progress, if any: the view shows none until the next.
    row.attemptStartedAt = null;
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
    if (transition.rollback() != null) {
      row.rollbackStatus = transition.rollback().wireName();
    }
    if (transition.rollbackEndsIn() != null) {
      row.finalStatus = transition.rollbackEndsIn().wireName();
    }
    if (transition.endedAt() != null) {
      row.endedAt = transition.endedAt();
      row.finalStatus = null;
      row.retainUntil = transition.endedAt().plus(retention(row, transition.status()));
    }
  }

  /** How long an instance that ended in {@code status} is kept. */
  Duration retention(InstanceEntity row, InstanceStatus status) {
    return status == InstanceStatus.COMPLETE
        ? (row.successRetentionMs != null
            ? Duration.ofMillis(row.successRetentionMs)
            : successRetention)
        : (row.errorRetentionMs != null ? Duration.ofMillis(row.errorRetentionMs) : errorRetention);
  }

  private Uni<Void> writeSteps(long pk, List<StepState> writes, Set<StepKey> recorded) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    Map<StepKey, StepRecordEntity> inserted = new HashMap<>();
    for (StepState write : writes) {
      if (!recorded.contains(write.key())) {
        StepRecordEntity known = inserted.get(write.key());
        if (known != null) {
          steps.copyInto(
              write, known); // written twice in one transition: the managed row takes the last
          continue;
        }
        StepRecordEntity row = new StepRecordEntity();
        row.instancePk = pk;
        steps.copyInto(write, row);
        inserted.put(write.key(), row);
        chain = chain.chain(() -> row.persist().replaceWithVoid());
        continue;
      }
      chain =
          chain.chain(
              () ->
                  StepRecordEntity.<StepRecordEntity>find(
                          "instancePk = ?1 and name = ?2 and occurrence = ?3",
                          pk,
                          write.key().name(),
                          StepRecordMapper.storedOccurrence(write.key()))
                      .firstResult()
                      .chain(
                          existing -> {
                            StepRecordEntity row =
                                existing != null ? existing : new StepRecordEntity();
                            row.instancePk = pk;
                            steps.copyInto(write, row);
                            return existing != null
                                ? Uni.createFrom().voidItem()
                                : row.persist().replaceWithVoid();
                          }));
    }
    return chain;
  }

  /**
   * A wait starts, but its event arrived after this transition's replay loaded the instance: the
   * instance must advance now, or nothing would ever wake it.
   */
  private Uni<Transition> wakeIfAwaitedEventArrived(long pk, Transition transition) {
    List<String> awaited = transition.awaitedEvents();
    if (awaited.isEmpty()) {
      return Uni.createFrom().item(transition);
    }
    return EventEntity.count("instancePk = ?1 and type in ?2 and consumedAt is null", pk, awaited)
        .map(
            pending ->
                pending > 0 ? TransitionPlanner.awaitedEventArrived(transition) : transition);
  }

  private static boolean runsNextStep(Transition transition) {
    return transition.status() == InstanceStatus.RUNNING
        && transition.outbound().stream().anyMatch(Outbound.RunNext.class::isInstance);
  }

  /** Marks events consumed; an event already consumed means another transition won: roll back. */
  private Uni<Void> consume(long pk, List<ConsumedEvent> consumed, Instant now) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (ConsumedEvent event : consumed) {
      chain =
          chain.chain(
              () ->
                  EventEntity.update(
                          "consumedAt = ?1, consumedBy = ?2 where id = ?3 and instancePk = ?4 and consumedAt is null",
                          now,
                          event.by().toString(),
                          event.eventId(),
                          pk)
                      .invoke(
                          updated -> {
                            if (updated != 1) {
                              throw new jakarta.persistence.OptimisticLockException(
                                  "event " + event.eventId() + " was consumed already");
                            }
                          })
                      .replaceWithVoid());
    }
    return chain;
  }
}
