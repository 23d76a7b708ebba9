package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An event sent to an instance and not consumed yet by any waitForEvent. */
public record PendingEvent(long id, String type, JsonNode payload, Instant receivedAt) {}
