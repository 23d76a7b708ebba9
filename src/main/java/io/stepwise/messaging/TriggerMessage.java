package io.stepwise.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/** A request to create an instance, as sent on {@code stepwise.triggers}. */
public record TriggerMessage(String workflow, String id, JsonNode params) {}
