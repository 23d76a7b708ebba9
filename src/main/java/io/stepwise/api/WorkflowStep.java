package io.stepwise.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * <h2>Parallel operations</h2>
 *
 * The {@code start…} methods start a step, a sleep or a wait without waiting for it and return a
 * {@link StepHandle}; {@link #all} awaits several, {@link #any} races them. Each started operation
 * is a step of its own (retries, record, timeline bar); those that are running run at the same
 * time. {@code run(name, …)} is {@code await(start(name, …))}. When {@code run} returns, operations
 * it started and never awaited are abandoned.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: call it from the thread that runs {@code run}; parallelism comes from the {@code
 * start…} methods, not from threads.
 */
public interface WorkflowStep {

  /** Runs a blocking step with {@link StepConfig#DEFAULT}. */
  default <T> T run(String name, Class<T> resultType, StepBody<T> body) {
    return run(name, resultType, StepConfig.DEFAULT, body);
  }

  /** Runs a blocking step. The body runs on a worker thread. */
  default <T> T run(String name, Class<T> resultType, StepConfig config, StepBody<T> body) {
    return await(start(name, resultType, config, body));
  }

  /**
   * Runs a blocking step that can be undone: if the instance later fails (or is terminated with
   * rollback), {@code compensation} runs with this step's result, after the compensations of the
   * steps that completed after it.
   */
  default <T> T run(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepBody<T> body,
      Compensation<T> compensation) {
    return await(start(name, resultType, config, body, compensation));
  }

  /** Runs a non-blocking step with {@link StepConfig#DEFAULT}. */
  default <T> T runAsync(String name, Class<T> resultType, AsyncStepBody<T> body) {
    return runAsync(name, resultType, StepConfig.DEFAULT, body);
  }

  /** Runs a non-blocking step whose body returns a Mutiny {@code Uni}. */
  default <T> T runAsync(
      String name, Class<T> resultType, StepConfig config, AsyncStepBody<T> body) {
    return await(startAsync(name, resultType, config, body));
  }

  /**
   * Sleeps durably: the instance waits (status {@code waiting}) and resumes after {@code duration},
   * even across restarts. At most 365 days.
   */
  default void sleep(String name, Duration duration) {
    await(startSleep(name, duration));
  }

  /**
   * Sleeps until {@code wakeAt}. A time already in the past when the sleep is first reached fails
   * the call with {@link IllegalArgumentException}.
   */
  default void sleepUntil(String name, Instant wakeAt) {
    await(startSleepUntil(name, wakeAt));
  }

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
  default <T> ReceivedEvent<T> waitForEvent(
      String name, String type, Class<T> payloadType, Duration timeout) {
    return await(startWaitForEvent(name, type, payloadType, timeout));
  }

  /** Starts a blocking step with {@link StepConfig#DEFAULT} without waiting for it. */
  default <T> StepHandle<T> start(String name, Class<T> resultType, StepBody<T> body) {
    return start(name, resultType, StepConfig.DEFAULT, body);
  }

  /** Starts a blocking step without waiting for it; it runs beside whatever runs next. */
  <T> StepHandle<T> start(String name, Class<T> resultType, StepConfig config, StepBody<T> body);

  /**
   * Starts a blocking step that can be undone without waiting for it. Compensations of parallel
   * steps run in reverse order of their start.
   */
  <T> StepHandle<T> start(
      String name,
      Class<T> resultType,
      StepConfig config,
      StepBody<T> body,
      Compensation<T> compensation);

  /** Starts a non-blocking step without waiting for it. */
  <T> StepHandle<T> startAsync(
      String name, Class<T> resultType, StepConfig config, AsyncStepBody<T> body);

  /** Starts a durable sleep without waiting for it: its handle ends after {@code duration}. */
  StepHandle<Void> startSleep(String name, Duration duration);

  /** Starts a durable sleep until {@code wakeAt} without waiting for it. */
  StepHandle<Void> startSleepUntil(String name, Instant wakeAt);

  /**
   * Starts waiting for an event of {@code type} without blocking {@code run}: the handle ends with
   * the event, or fails with error name {@code WaitForEventTimeoutError} when {@code timeout}
   * passes first. Racing it against a sleep with {@link #any} is the usual reminder pattern.
   */
  <T> StepHandle<ReceivedEvent<T>> startWaitForEvent(
      String name, String type, Class<T> payloadType, Duration timeout);

  /**
   * The result of a started operation, waiting for it (the instance suspends) if it has not ended.
   * Throws {@link StepFailedException} if it failed for good. Awaiting a handle again answers the
   * same.
   */
  <T> T await(StepHandle<T> handle);

  /**
   * Waits until every handle has ended and answers their results in the order given. When one or
   * more failed, throws the {@link StepFailedException} of the one that failed first, once all have
   * ended: the results of the others stay recorded and can be read with {@link #await}.
   *
   * @throws IllegalArgumentException for the same handle twice, or a handle of another run
   */
  <T> List<T> all(List<? extends StepHandle<? extends T>> handles);

  /** {@link #all(List)} for handles of different result types. */
  default List<Object> all(StepHandle<?>... handles) {
    return all(List.<StepHandle<?>>of(handles));
  }

  /**
   * Waits until one of the handles has ended (completed or failed) and answers it; the others go
   * on. Read its result with {@link #await} (which throws if it failed). When several had ended by
   * the time {@code run} got here, the one that ended first wins, the same on every replay.
   */
  default StepHandle<?> any(StepHandle<?>... handles) {
    return any(Race.KEEP_OTHERS, handles);
  }

  /** {@link #any(StepHandle[])}, with the losers kept or cancelled as {@code race} says. */
  StepHandle<?> any(Race race, StepHandle<?>... handles);
}
