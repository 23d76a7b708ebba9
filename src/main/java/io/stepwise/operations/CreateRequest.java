package io.stepwise.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.Retention;

/**
 * What creating an instance takes.
 *
 * @param id the instance id, or null for a random UUID
 * @param params the workflow's params as JSON, or null
 * @param retention how long to keep it once finished, or null for the service's defaults
 */
public record CreateRequest(String id, JsonNode params, Retention retention) {}
