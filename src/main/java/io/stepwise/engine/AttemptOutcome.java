package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** How one attempt of a step body ended. */
public sealed interface AttemptOutcome {
  Instant start();

  Instant end();

  record Succeeded(JsonNode result, Instant start, Instant end) implements AttemptOutcome {}

  /** {@code retryable} is false for {@code NonRetryableError} and results that cannot be stored. */
  record Failed(ErrorInfo error, boolean retryable, Instant start, Instant end)
      implements AttemptOutcome {}
}
