package io.stepwise.testkit;

import static org.awaitility.Awaitility.await;

import io.stepwise.engine.InstanceStatus;
import io.stepwise.errors.InstanceNotFoundException;
import io.stepwise.introspection.Introspection;
import io.stepwise.introspection.Modifications;
import io.stepwise.operations.Views;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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

  InstanceProbe(
      StepwiseTestKit kit, Introspection introspection, String workflow, String instanceId) {
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
    AtomicReference<Views.InstanceView> last = new AtomicReference<>();
    try {
      return await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(50))
          .ignoreException(InstanceNotFoundException.class)
          .until(
              () -> {
                last.set(instance());
                return last.get();
              },
              seen -> {
                if (!seen.status().equals(status) && ended(seen.status())) {
                  throw new AssertionError(
                      "instance "
                          + instanceId
                          + " ended "
                          + seen.status()
                          + (seen.error() == null
                              ? ""
                              : " (" + seen.error().name() + ": " + seen.error().message() + ")")
                          + " while waiting for "
                          + status);
                }
                return seen.status().equals(status);
              });
    } catch (ConditionTimeoutException timedOut) {
      throw new AssertionError(
          "instance "
              + instanceId
              + " is "
              + (last.get() == null ? "not created" : last.get().status())
              + " after "
              + atMost
              + ", not "
              + status,
          timedOut);
    }
  }

  /**
   * Waits until the step (its first occurrence) completes and answers its result as {@code type}.
   */
  public <T> T waitForStepResult(String stepName, Class<T> type) {
    try {
      Views.StepView done =
          await()
              .atMost(DEFAULT_WAIT)
              .pollInterval(Duration.ofMillis(50))
              .ignoreException(InstanceNotFoundException.class)
              .until(
                  () -> step(stepName).orElse(null),
                  step -> {
                    if (step != null && step.status().equals("errored")) {
                      throw new AssertionError(
                          "step '"
                              + stepName
                              + "' failed: "
                              + step.error().name()
                              + ": "
                              + step.error().message());
                    }
                    return step != null && step.status().equals("complete");
                  });
      return kit.convert(done.output(), type);
    } catch (ConditionTimeoutException timedOut) {
      throw new AssertionError(
          "step '"
              + stepName
              + "' of instance "
              + instanceId
              + " did not complete in "
              + DEFAULT_WAIT,
          timedOut);
    }
  }

  /** The first occurrence of a step in the instance's timeline. */
  public Optional<Views.StepView> step(String stepName) {
    return instance().steps().stream()
        .filter(s -> s.name().equals(stepName) && s.count() == 1)
        .findFirst();
  }

  @Override
  public void close() {
    introspection.dispose(workflow, instanceId);
  }

  private static boolean ended(String status) {
    return InstanceStatus.fromWireName(status).map(InstanceStatus::isFinal).orElse(false);
  }
}
