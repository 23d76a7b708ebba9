package io.stepwise.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A step message to deliver at {@code dueAt} (epoch milliseconds): the message on the timer tiers.
 * {@code enqueuedAt} is when it entered its current tier.
 */
public record TimerMessage(
    @JsonProperty(required = true) long instance,
    @JsonProperty(required = true) long seq,
    @JsonProperty(required = true) long dueAt,
    @JsonProperty(required = true) long enqueuedAt) {

  public StepMessage toStepMessage() {
    return new StepMessage(instance, seq);
  }

  public TimerMessage enqueuedAt(long now) {
    return new TimerMessage(instance, seq, dueAt, now);
  }
}
