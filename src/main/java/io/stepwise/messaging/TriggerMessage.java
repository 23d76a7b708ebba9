package io.stepwise.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request to create an instance, as sent on {@code stepwise.triggers}: the fields of a REST
 * create request, and the workflow's name.
 */
public record TriggerMessage(
    String workflow, String id, JsonNode params, RetentionFields retention) {

  /** {@code {"successRetention"?, "errorRetention"?}}, as REST takes them. */
  public record RetentionFields(String successRetention, String errorRetention) {}
}
