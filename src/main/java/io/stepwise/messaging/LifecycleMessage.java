package io.stepwise.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.ErrorInfo;

/**
 * Announces on {@code stepwise.lifecycle} (key: the instance) that an instance changed status, with
 * its output once complete or its error once errored.
 */
public record LifecycleMessage(
    String workflow,
    String id,
    String status,
    long seq,
    String at,
    JsonNode output,
    ErrorInfo error) {}
