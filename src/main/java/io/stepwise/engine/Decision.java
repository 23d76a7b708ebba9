package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.StepConfig;
import java.time.Instant;

/** What a replay of {@code run} concluded the instance must do next. */
public sealed interface Decision {

  /** Run attempt {@code attempt} of the first step that has not completed. */
  record ExecuteStep(StepState step, StepConfig config, StepAction action, int attempt)
      implements Decision {}

  /** The first unfinished operation is a sleep, reached for the first time at {@code startedAt}. */
  record StartSleep(StepKey key, Instant startedAt, Instant wakeAt) implements Decision {}

  /** The instance waits for a timer that is not due yet (an early or duplicate wake-up). */
  record KeepWaiting(StepKey key) implements Decision {}

  /** {@code run} returned: the instance is complete. */
  record Finish(JsonNode output) implements Decision {}

  /** {@code run} threw: the instance has errored. */
  record Fail(ErrorInfo error) implements Decision {}
}
