package io.stepwise.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.ErrorInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a test changed about how the engine runs an instance (or every instance of a workflow):
 * Cloudflare's introspection modifiers. Steps are named as in {@code run}; a mock applies to every
 * occurrence of the name. Changes apply from the next message the engine handles.
 */
public final class Modifications {

  /** A step outcome the test decided in advance. */
  sealed interface StepMock {
    /** The step succeeds with {@code result} without running its body. */
    record Result(JsonNode result) implements StepMock {}

    /**
     * The first {@code times} attempts fail with {@code error} (null: every attempt); then the body
     * runs.
     */
    record Error(ErrorInfo error, Integer times) implements StepMock {}

    /** The first {@code times} attempts time out (null: every attempt); then the body runs. */
    record Timeout(Integer times) implements StepMock {}
  }

  /** An event the test will send once the instance exists, as if a client had sent it. */
  public record MockedEvent(String type, JsonNode payload) {}

  private volatile boolean allSleepsDisabled;
  private final Set<String> sleepsDisabled = ConcurrentHashMap.newKeySet();
  private final Map<String, StepMock> steps = new ConcurrentHashMap<>();
  private final Set<String> eventTimeouts = ConcurrentHashMap.newKeySet();
  private final List<MockedEvent> events = new CopyOnWriteArrayList<>();

  /**
   * Every sleep ends at once (it is still recorded), and retries do not wait for their back-off.
   */
  public Modifications disableSleeps() {
    allSleepsDisabled = true;
    return this;
  }

  /** Only the sleeps with these names end at once. */
  public Modifications disableSleeps(String... sleepNames) {
    sleepsDisabled.addAll(List.of(sleepNames));
    return this;
  }

  /** The step succeeds with {@code result} (as JSON) without running its body. */
  public Modifications mockStepResult(String stepName, JsonNode result) {
    steps.put(stepName, new StepMock.Result(result));
    return this;
  }

  /**
   * Every attempt of the step fails with this error (so it fails for good once retries run out).
   */
  public Modifications mockStepError(String stepName, String errorName, String message) {
    steps.put(stepName, new StepMock.Error(new ErrorInfo(errorName, message), null));
    return this;
  }

  /** The first {@code times} attempts of the step fail with this error; later ones run the body. */
  public Modifications mockStepError(String stepName, String errorName, String message, int times) {
    steps.put(stepName, new StepMock.Error(new ErrorInfo(errorName, message), times));
    return this;
  }

  /** Every attempt of the step times out. */
  public Modifications forceStepTimeout(String stepName) {
    steps.put(stepName, new StepMock.Timeout(null));
    return this;
  }

  /** The first {@code times} attempts of the step time out; later ones run the body. */
  public Modifications forceStepTimeout(String stepName, int times) {
    steps.put(stepName, new StepMock.Timeout(times));
    return this;
  }

  /**
   * The waitForEvent with this name times out as soon as it starts (unless its event is already
   * there).
   */
  public Modifications forceEventTimeout(String waitName) {
    eventTimeouts.add(waitName);
    return this;
  }

  /**
   * An event for the instance's waitForEvent of {@code type}, sent as soon as the instance exists.
   */
  public Modifications mockEvent(String type, JsonNode payload) {
    events.add(new MockedEvent(type, payload));
    return this;
  }

  public List<MockedEvent> mockedEvents() {
    return List.copyOf(events);
  }

  boolean sleepDisabled(String sleepName) {
    return allSleepsDisabled || sleepsDisabled.contains(sleepName);
  }

  boolean retryDelaysDisabled() {
    return allSleepsDisabled;
  }

  boolean eventTimeoutForced(String waitName) {
    return eventTimeouts.contains(waitName);
  }

  Optional<StepMock> step(String stepName) {
    return Optional.ofNullable(steps.get(stepName));
  }
}
