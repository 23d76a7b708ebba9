package io.stepwise.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * "Advance instance {@code instance} if it is still at sequence {@code seq}": the message on {@code
 * stepwise.steps}, keyed by the instance.
 */
public record StepMessage(
    @JsonProperty(required = true) long instance, @JsonProperty(required = true) long seq) {}
