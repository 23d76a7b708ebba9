package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Rollback;
import io.stepwise.engine.StatusCommand;
import io.stepwise.engine.StepKey;
import io.stepwise.errors.InstanceNotFoundException;
import io.stepwise.errors.StatusConflictException;
import io.stepwise.errors.TooManyPendingEventsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What operators do to instances: change their status, send them events, delete them. Each is one
 * transaction on the instance row, checked against the status table.
 */
@ApplicationScoped
public class OperatorTransactions {

  private final InstanceStore store;
  private final long maxPendingEvents;

  OperatorTransactions(
      InstanceStore store,
      @ConfigProperty(name = "stepwise.events.max-pending", defaultValue = "1000")
          long maxPendingEvents) {
    this.store = store;
    this.maxPendingEvents = maxPendingEvents;
  }

  /**
   * Applies {@code command}; for a restart, {@code from} (or null: from the start) names the first
   * step to run again — the steps recorded before it keep their results.
   *
   * @throws InstanceNotFoundException, StatusConflictException (in the Uni)
   */
  public Uni<CommandResult> apply(
      String workflow,
      String instanceId,
      StatusCommand command,
      boolean rollback,
      StepKey from,
      Instant now) {
    return Panache.withTransaction(
            () ->
                findRow(workflow, instanceId)
                    .chain(
                        row -> {
                          InstanceStatus current = InstanceStore.status(row);
                          StatusCommand.Effect effect =
                              command
                                  .apply(current, rollback)
                                  .orElseThrow(
                                      () ->
                                          new StatusConflictException(
                                              "cannot "
                                                  + command.wireName()
                                                  + (rollback ? " with rollback" : "")
                                                  + " instance '"
                                                  + instanceId
                                                  + "': it is "
                                                  + current.wireName()));
                          Uni<Void> before =
                              command == StatusCommand.RESTART
                                  ? forgetFrom(row, from)
                                  : Uni.createFrom().voidItem();
                          return before.map(
                              ignored -> {
                                if (effect.bumpsSeq()) {
                                  row.seq++;
                                }
                                row.status = effect.status().wireName();
                                row.updatedAt = now;
                                if (effect.status() == InstanceStatus.TERMINATED) {
                                  row.endedAt = now;
                                  row.retainUntil =
                                      now.plus(store.retention(row, InstanceStatus.TERMINATED));
                                }
                                if (effect.startsRollback()) {
                                  row.rollbackStatus = Rollback.Outcome.RUNNING.wireName();
                                  row.finalStatus = InstanceStatus.TERMINATED.wireName();
                                }
                                return new CommandResult(
                                    row.pk,
                                    row.workflow,
                                    row.instanceId,
                                    current,
                                    effect.status(),
                                    row.seq,
                                    effect);
                              });
                        }))
        .onFailure(DatabaseErrors::isLostRace)
        .transform(
            e ->
                new StatusConflictException(
                    "instance '"
                        + instanceId
                        + "' changed while the "
                        + command.wireName()
                        + " was applied; try again"));
  }

  /**
   * Stores an event for the instance, once per {@code eventId} (null: no id, always stored).
   *
   * @throws InstanceNotFoundException, StatusConflictException (the instance ended),
   *     TooManyPendingEventsException (in the Uni)
   */
  public Uni<StoredEvent> sendEvent(
      String workflow,
      String instanceId,
      String type,
      JsonNode payload,
      String eventId,
      Instant now) {
    // The row lock orders this with the engine's commit of a wait (which locks the row too): either
    // the commit sees this event and wakes the instance, or this sees the instance waiting and
    // wakes it.
    // It also makes the sends to one instance take turns, so the checks below are exact.
    return Panache.withTransaction(
        () ->
            findRow(workflow, instanceId, LockModeType.PESSIMISTIC_WRITE)
                .chain(
                    row -> {
                      InstanceStatus status = InstanceStore.status(row);
                      InstanceRef waiting =
                          status == InstanceStatus.WAITING
                              ? new InstanceRef(row.pk, row.seq)
                              : null;
                      return alreadyStored(row.pk, eventId, type, payload)
                          .chain(
                              duplicate -> {
                                if (duplicate) {
                                  // a sender's retry: answered as the first send was, even if the
                                  // instance has ended since
                                  return Uni.createFrom().item(new StoredEvent(true, waiting));
                                }
                                if (status.isFinal()) {
                                  throw new StatusConflictException(
                                      "cannot send an event to instance '"
                                          + instanceId
                                          + "': it is "
                                          + status.wireName());
                                }
                                return EventEntity.count(
                                        "instancePk = ?1 and consumedAt is null", row.pk)
                                    .chain(
                                        pending -> {
                                          if (pending >= maxPendingEvents) {
                                            throw new TooManyPendingEventsException(
                                                instanceId, maxPendingEvents);
                                          }
                                          EventEntity event = new EventEntity();
                                          event.instancePk = row.pk;
                                          event.type = type;
                                          event.eventId = eventId;
                                          event.payload = JsonEnvelope.wrap(payload);
                                          event.receivedAt = now;
                                          return event
                                              .persist()
                                              .map(ignored -> new StoredEvent(false, waiting));
                                        });
                              });
                    }));
  }

  /**
   * Whether the instance stored this event before. The same id with another type or payload is no
   * retry but a mistake (an id used twice): refused, rather than answered as stored.
   */
  private static Uni<Boolean> alreadyStored(
      long instancePk, String eventId, String type, JsonNode payload) {
    if (eventId == null) {
      return Uni.createFrom().item(false);
    }
    return EventEntity.<EventEntity>find("instancePk = ?1 and eventId = ?2", instancePk, eventId)
        .firstResult()
        .map(
            stored -> {
              if (stored == null) {
                return false;
              }
              if (!stored.type.equals(type)
                  || !orNull(JsonEnvelope.unwrap(stored.payload)).equals(orNull(payload))) {
                throw new StatusConflictException(
                    "event id '"
                        + eventId
                        + "' was used already, for another event (of type '"
                        + stored.type
                        + "'); a retry sends the same type and payload");
              }
              return true;
            });
  }

  private static JsonNode orNull(JsonNode json) {
    return json == null ? NullNode.getInstance() : json;
  }

  /** Deletes instances (their steps and events go with them); answers the ids that existed. */
  public Uni<List<String>> delete(String workflow, List<String> instanceIds) {
    return Panache.withTransaction(
        () ->
            InstanceEntity.<InstanceEntity>list(
                    "workflow = ?1 and instanceId in ?2", workflow, instanceIds)
                .call(
                    rows ->
                        rows.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : InstanceEntity.delete(
                                "pk in ?1", rows.stream().map(r -> r.pk).toList()))
                .map(rows -> rows.stream().map(r -> r.instanceId).toList()));
  }

  /**
   * Purges finished instances whose retention has passed, a batch at a time. Safe with several
   * replicas: rows another replica is deleting are skipped, not waited for.
   */
  public Uni<Integer> purgeExpired(Instant now, int limit) {
    return Panache.withTransaction(
        () ->
            Panache.getSession()
                .chain(
                    session ->
                        session
                            .createNativeQuery(
                                "delete from workflow_instance where pk in (select pk from workflow_instance"
                                    + " where retain_until < ?1 order by retain_until limit ?2 for update skip locked)")
                            .setParameter(1, now)
                            .setParameter(2, limit)
                            .executeUpdate()));
  }

  private Uni<InstanceEntity> findRow(String workflow, String instanceId) {
    return findRow(workflow, instanceId, LockModeType.NONE);
  }

  private Uni<InstanceEntity> findRow(String workflow, String instanceId, LockModeType lock) {
    return InstanceEntity.<InstanceEntity>find(
            "workflow = ?1 and instanceId = ?2", workflow, instanceId)
        .withLock(lock)
        .firstResult()
        .map(
            row -> {
              if (row == null) {
                throw new InstanceNotFoundException(workflow, instanceId);
              }
              return row;
            });
  }

  /**
   * Forgets what a restart runs again: every step from {@code from} on (all of them without it),
   * the events those steps consumed (they are pending again), the output and the error.
   */
  private Uni<Void> forgetFrom(InstanceEntity row, StepKey from) {
    Uni<Long> firstForgotten =
        from == null
            ? Uni.createFrom().item(Long.MIN_VALUE)
            : StepRecordEntity.<StepRecordEntity>find(
                    "instancePk = ?1 and name = ?2 and occurrence = ?3",
                    row.pk,
                    from.name(),
                    StepRecordMapper.storedOccurrence(from))
                .firstResult()
                .map(
                    step -> {
                      if (step == null) {
                        throw new StatusConflictException(
                            "cannot restart instance '"
                                + row.instanceId
                                + "' from step "
                                + from
                                + ": it has no such step");
                      }
                      return step.id;
                    });
    return firstForgotten
        .chain(
            firstId ->
                StepRecordEntity.<StepRecordEntity>list(
                        "instancePk = ?1 and id >= ?2", row.pk, firstId)
                    .chain(
                        forgotten -> {
                          // events are consumed by steps, never by compensations
                          List<String> keys =
                              forgotten.stream()
                                  .map(s -> StepRecordMapper.key(s.name, s.occurrence))
                                  .filter(key -> !key.isCompensation())
                                  .map(StepKey::toString)
                                  .toList();
                          Uni<Integer> released =
                              keys.isEmpty()
                                  ? Uni.createFrom().item(0)
                                  : EventEntity.update(
                                      "consumedAt = null, consumedBy = null where instancePk = ?1 and consumedBy in ?2",
                                      row.pk,
                                      keys);
                          return released
                              .chain(
                                  () ->
                                      StepRecordEntity.delete(
                                          "instancePk = ?1 and id >= ?2", row.pk, firstId))
                              // compensations recorded during a rollback are forgotten whatever
                              // their position
                              .chain(
                                  () ->
                                      StepRecordEntity.delete(
                                          "instancePk = ?1 and "
                                              + StepRecordMapper.COMPENSATION_ROWS,
                                          row.pk));
                        }))
        .invoke(
            () -> {
              row.output = null;
              row.errorName = null;
              row.errorMessage = null;
              row.startedAt = null;
              row.endedAt = null;
              row.retainUntil = null;
              row.rollbackStatus = null;
              row.finalStatus = null;
            })
        .replaceWithVoid();
  }
}
