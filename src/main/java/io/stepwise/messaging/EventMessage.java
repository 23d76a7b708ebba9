package io.stepwise.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event for an instance, as sent on {@code stepwise.events}. {@code eventId} (optional) names
 * it, so that a sender's retry stores it once; without one, the record's partition and offset name
 * it, so that a record delivered again is not stored twice.
 */
public record EventMessage(
    String workflow, String id, String type, JsonNode payload, String eventId) {}
