package io.stepwise.messaging;

import java.util.List;

/**
 * The Kafka topics Stepwise uses (the timer tiers, {@code stepwise.timers.<hold>}, come from
 * {@code io.stepwise.timers.TimerTiers}). Keep in step with the channels in application.properties.
 */
public final class Topics {
  public static final String STEPS = "stepwise.steps";
  public static final String TRIGGERS = "stepwise.triggers";
  public static final String EVENTS = "stepwise.events";
  public static final String LIFECYCLE = "stepwise.lifecycle";
  public static final String DLQ = "stepwise.dlq";

  /** Every topic but the timer tiers. */
  public static final List<String> FIXED = List.of(STEPS, TRIGGERS, EVENTS, LIFECYCLE, DLQ);

  private Topics() {}
}
