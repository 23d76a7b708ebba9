package io.stepwise.testkit;

import static org.awaitility.Awaitility.await;

import io.stepwise.client.Views;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.introspection.Introspection;
import io.stepwise.introspection.Modifications;
import io.stepwise.persistence.InstanceNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One instance as a test follows it: modify how it runs (before creating it), then wait for a
 * status or a step's result. Closing it forgets the modifications.
 */
public final class InstanceProbe implements AutoCloseable {

  /** Long enough for a workflow whose sleeps and timeouts the test skipped; not for real time. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private final StepwiseTestKit kit;
  private final Introspection introspection;
  private final String workflow;
  private final String instanceId;

  InstanceProbe(StepwiseTestKit kit, Introspection introspection, String workflow, String instanceId) {
    this.kit = kit;
    this.introspection = introspection;
    this.workflow = workflow;
    this.instanceId = instanceId;
  }

  public InstanceProbe modify(Consumer<Modifications> changes) {
    changes.accept(introspection.instance(workflow, instanceId));
    return this;
  }

  public String id() {
    return instanceId;
  }

  /** The instance as it is now. */
  public Views.InstanceView instance() {
    return kit.instance(workflow, instanceId);
  }

  /** Waits until the instance has {@code status}; fails at once if it ended in another one. */
  public Views.InstanceView waitForStatus(String status) {
    return waitForStatus(status, DEFAULT_WAIT);
  }

  public Views.InstanceView waitForStatus(String status, Duration atMost) {
    Views.InstanceView[] last = new Views.InstanceView[1];
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreException(InstanceNotFoundException.class)
          .until(() -> {
            last[0] = instance();
            if (!last[0].status().equals(status) && ended(last[0].status())) {
              throw new AssertionError("instance " + instanceId + " ended " + last[0].status()
                  + (last[0].error() == null ? "" : " (" + last[0].error().name() + ": " + last[0].error().message() + ")")
                  + " while waiting for " + status);
            }
            return last[0].status().equals(status);
          });
    } catch (ConditionTimeoutException timedOut) {
      throw new AssertionError("instance " + instanceId + " is " + (last[0] == null ? "not created" : last[0].status())
          + " after " + atMost + ", not " + status, timedOut);
    }
    return last[0];
  }

  /** Waits until the step (its first occurrence) completes and answers its result as {@code type}. */
  public <T> T waitForStepResult(String stepName, Class<T> type) {
    Views.StepView[] done = new Views.StepView[1];
    try {
      await().atMost(DEFAULT_WAIT).pollInterval(Duration.ofMillis(50)).ignoreException(InstanceNotFoundException.class)
          .until(() -> {
            Optional<Views.StepView> step = step(stepName);
            step.filter(s -> s.status().equals("errored")).ifPresent(s -> {
              throw new AssertionError("step '" + stepName + "' failed: " + s.error().name() + ": " + s.error().message());
            });
            done[0] = step.filter(s -> s.status().equals("complete")).orElse(null);
            return done[0] != null;
          });
    } catch (ConditionTimeoutException timedOut) {
      throw new AssertionError("step '" + stepName + "' of instance " + instanceId + " did not complete in " + DEFAULT_WAIT, timedOut);
    }
    return kit.convert(done[0].output(), type);
  }

  /** The first occurrence of a step in the instance's timeline. */
  public Optional<Views.StepView> step(String stepName) {
    return instance().steps().stream().filter(s -> s.name().equals(stepName) && s.count() == 1).findFirst();
  }

  @Override
  public void close() {
    introspection.dispose(workflow, instanceId);
  }

  private static boolean ended(String status) {
    return InstanceStatus.fromWireName(status).map(InstanceStatus::isFinal).orElse(false);
  }
}
