package io.stepwise.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The durable operations a workflow performs: steps, sleeps. Passed to {@link Workflow#run}; do not
 * keep it beyond that call.
 *
 * <p>Steps are identified by name plus occurrence, so calling {@code run("charge", …)} in a loop
 * records {@code charge#1}, {@code charge#2}, … A step that already completed returns its recorded
 * result (read back with Jackson into {@code resultType}) without running its body again.
 *
 * <h2>Error handling</h2>
 *
 * A body that throws is retried according to its {@link StepConfig}; {@link NonRetryableError}
 * stops the retries at once. When the step has failed for good, the call throws {@link
 * StepFailedException}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: call it from the thread that runs {@code run}, one step at a time.
 */
public interface WorkflowStep {

  /** Runs a blocking step with {@link StepConfig#DEFAULT}. */
  default <T> T run(String name, Class<T> resultType, StepBody<T> body) {
    return run(name, resultType, StepConfig.DEFAULT, body);
  }

  /** Runs a blocking step. The body runs on a worker thread. */
  <T> T run(String name, Class<T> resultType, StepConfig config, StepBody<T> body);

  /**
   * Runs a blocking step that can be undone: if the instance later fails (or is terminated with
   * rollback), {@code compensation} runs with this step's result, after the compensations of the
   * steps that completed after it.
   */
  <T> T run(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepBody<T> body,
      Compensation<T> compensation);

  /** Runs a non-blocking step with {@link StepConfig#DEFAULT}. */
  default <T> T runAsync(String name, Class<T> resultType, AsyncStepBody<T> body) {
    return runAsync(name, resultType, StepConfig.DEFAULT, body);
  }

  /** Runs a non-blocking step whose body returns a Mutiny {@code Uni}. */
  <T> T runAsync(String name, Class<T> resultType, StepConfig config, AsyncStepBody<T> body);

  /**
   * Sleeps durably: the instance waits (status {@code waiting}) and resumes after {@code duration},
   * even across restarts. At most 365 days.
   */
  void sleep(String name, Duration duration);

  /**
   * Sleeps until {@code wakeAt}. A time already in the past when the sleep is first reached fails
   * the call with {@link IllegalArgumentException}.
   */
  void sleepUntil(String name, Instant wakeAt);

  /** The longest a {@link #waitForEvent} waits by default: 24 hours, as Cloudflare's. */
  Duration DEFAULT_EVENT_TIMEOUT = Duration.ofHours(24);

  /** Waits for an event of {@code type} for at most 24 hours. */
  default <T> ReceivedEvent<T> waitForEvent(String name, String type, Class<T> payloadType) {
    return waitForEvent(name, type, payloadType, DEFAULT_EVENT_TIMEOUT);
  }

  /**
   * Waits (status {@code waiting}) until an event of {@code type} is sent to the instance, and
   * answers it. An event sent before the instance got here is kept and delivered now; each event is
   * consumed by one wait only. When {@code timeout} passes first, the call throws {@link
   * StepFailedException} with error name {@code WaitForEventTimeoutError}, which may be caught.
   *
   * @param type 1–100 characters of {@code [a-zA-Z0-9_-]}, not starting with '-'
   * @param timeout at most 365 days
   */
  <T> ReceivedEvent<T> waitForEvent(
      String name, String type, Class<T> payloadType, Duration timeout);
}
