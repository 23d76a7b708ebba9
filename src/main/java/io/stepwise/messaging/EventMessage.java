package io.stepwise.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/** An event for an instance, as sent on {@code stepwise.events}. */
public record EventMessage(String workflow, String id, String type, JsonNode payload) {}
