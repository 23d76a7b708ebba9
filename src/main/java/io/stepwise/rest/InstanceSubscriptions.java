package io.stepwise.rest;

import io.smallrye.mutiny.Multi;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.operations.StepwiseOperations;
import io.stepwise.operations.Views;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one instance for a subscriber and emits what changed. The readings of the instance come
 * from the database (not this replica's memory), so a subscriber sees the instance whichever
 * replica advances it; they are taken when it is signalled to have changed, and shared by all of
 * its subscribers (see {@code InstanceFeeds}), so an idle subscriber costs no database work.
 */
@ApplicationScoped
public class InstanceSubscriptions {

  /**
   * One change: {@code kind} is {@code status} (with the instance's status, output and error) or
   * {@code step} (with the step as the timeline shows it).
   */
  public record Update(
      String kind, String status, Views.StepView step, Object output, Object error) {}

  private final StepwiseOperations operations;

  InstanceSubscriptions(StepwiseOperations operations) {
    this.operations = operations;
  }

  /**
   * The instance's updates. {@link SubscribeFilter} has checked that it exists (an SSE response
   * cannot turn into a 404 once the stream has begun).
   */
  public Multi<Update> follow(String workflow, String id) {
    Tracker tracker = new Tracker();
    return operations
        .follow(workflow, id)
        .select()
        .first(view -> !tracker.ended)
        .onItem()
        .transformToIterable(tracker::changes);
  }

  /** What the subscriber has seen so far. */
  private static final class Tracker {
    private final Map<String, String> steps = new HashMap<>();
    private String status;
    private volatile boolean ended;

    synchronized List<Update> changes(Views.InstanceView instance) {
      List<Update> updates = new ArrayList<>();
      for (Views.StepView step : instance.steps()) {
        String key = step.type() + "/" + step.name() + "/" + step.count();
        String seen = step.status() + "/" + step.attempts().size();
        if (!seen.equals(steps.put(key, seen))) {
          updates.add(new Update("step", null, step, null, null));
        }
      }
      if (!instance.status().equals(status)) {
        status = instance.status();
        updates.add(new Update("status", status, null, instance.output(), instance.error()));
        ended = InstanceStatus.fromWireName(status).map(InstanceStatus::isFinal).orElse(false);
      }
      return updates;
    }
  }
}
