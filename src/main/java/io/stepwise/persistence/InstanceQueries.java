package io.stepwise.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StepState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Read-only views of instances, for the API. */
@ApplicationScoped
public class InstanceQueries {

  private final InstanceStore store;

  InstanceQueries(InstanceStore store) {
    this.store = store;
  }

  /** The instance, or null when there is none. */
  public Uni<StoredInstance> find(String workflow, String instanceId) {
    return Panache.withSession(
            () ->
                InstanceEntity.<InstanceEntity>find(
                        "workflow = ?1 and instanceId = ?2", workflow, instanceId)
                    .firstResult())
        .map(InstanceQueries::stored);
  }

  /** The workflow's newest instance, or null when it has none. */
  public Uni<StoredInstance> latest(String workflow) {
    return Panache.withSession(
            () ->
                InstanceEntity.<InstanceEntity>find("workflow", Sort.descending("pk"), workflow)
                    .firstResult())
        .map(InstanceQueries::stored);
  }

  private static StoredInstance stored(InstanceEntity row) {
    return row == null ? null : StoredInstance.of(row);
  }

  /**
   * A page of a workflow's instances, newest first (or oldest first); {@code cursorPk} is the last
   * row of the previous page, so a page stays stable while instances are created.
   */
  public Uni<InstancePage> list(
      String workflow, InstanceStatus status, Long cursorPk, int limit, boolean oldestFirst) {
    return list(new ListFilter(workflow, status, null), cursorPk, limit, oldestFirst);
  }

  /** What a page of instances is limited to; a null field matches every instance. */
  public record ListFilter(String workflow, InstanceStatus status, String instanceId) {}

  /** As above, across workflows when the filter names none (the dashboard's recent instances). */
  public Uni<InstancePage> list(ListFilter filter, Long cursorPk, int limit, boolean oldestFirst) {
    // Only the filters in use become conditions: a parameter compared only with null leaves
    // PostgreSQL unable to tell its type ("could not determine data type of parameter").
    List<String> conditions = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    long cursor = cursorPk != null ? cursorPk : oldestFirst ? Long.MIN_VALUE : Long.MAX_VALUE;
    values.add(cursor);
    conditions.add("pk " + (oldestFirst ? ">" : "<") + " ?1");
    if (filter.workflow() != null) {
      values.add(filter.workflow());
      conditions.add("workflow = ?" + values.size());
    }
    if (filter.status() != null) {
      values.add(filter.status().wireName());
      conditions.add("status = ?" + values.size());
    }
    if (filter.instanceId() != null) {
      values.add(filter.instanceId());
      conditions.add("instanceId = ?" + values.size());
    }
    Sort order = oldestFirst ? Sort.ascending("pk") : Sort.descending("pk");
    return Panache.withSession(
            () ->
                InstanceEntity.<InstanceEntity>find(
                        String.join(" and ", conditions), order, values.toArray())
                    .range(0, limit)
                    .list())
        .map(
            rows ->
                rows.size() > limit
                    ? new InstancePage(stored(rows.subList(0, limit)), rows.get(limit - 1).pk)
                    : new InstancePage(stored(rows), null));
  }

  private static List<StoredInstance> stored(List<InstanceEntity> rows) {
    return rows.stream().map(StoredInstance::of).toList();
  }

  /** How many instances a workflow has in a status. */
  public record StatusCount(String workflow, String status, long count) {}

  public Uni<List<StatusCount>> countByStatus() {
    return countByStatus(null);
  }

  /** As {@link #countByStatus()}, for one workflow (null: all of them). */
  public Uni<List<StatusCount>> countByStatus(String workflow) {
    // Two statements rather than "?1 is null or workflow = ?1": given a null, PostgreSQL may not
    // tell the parameter's type and refuses the statement ("could not determine data type of
    // parameter $1", seen in the chaos suite's log).
    return Panache.withSession(
            () ->
                Panache.getSession()
                    .chain(
                        session ->
                            (workflow == null
                                    ? session.createSelectionQuery(
                                        "select workflow, status, count(*) from InstanceEntity group by workflow, status",
                                        Object[].class)
                                    : session
                                        .createSelectionQuery(
                                            "select workflow, status, count(*) from InstanceEntity"
                                                + " where workflow = ?1 group by workflow, status",
                                            Object[].class)
                                        .setParameter(1, workflow))
                                .getResultList()))
        .map(
            rows ->
                rows.stream()
                    .map(r -> new StatusCount((String) r[0], (String) r[1], (Long) r[2]))
                    .toList());
  }

  /** The recorded steps of an instance, in the order they were first recorded. */
  public Uni<List<StepState>> steps(long pk) {
    return Panache.withSession(() -> store.stepsOf(pk))
        .map(rows -> rows.stream().map(store.stepMapper()::toState).toList());
  }
}
