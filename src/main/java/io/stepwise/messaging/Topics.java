package io.stepwise.messaging;

import java.util.List;

/**
 * The Kafka topics Stepwise uses (the timer tiers, {@code stepwise.timers.<hold>}, come from {@code
 * io.stepwise.timers.TimerTiers}). Keep in step with the channels in application.properties.
 */
public final class Topics {
  public static final String STEPS = "stepwise.steps";
  public static final String TRIGGERS = "stepwise.triggers";
  public static final String EVENTS = "stepwise.events";
  public static final String LIFECYCLE = "stepwise.lifecycle";
  public static final String DLQ = "stepwise.dlq";

  /**
   * The largest dead-letter record: twice Kafka's default {@code message.max.bytes} (1,048,588), so
   * a record of any size a default broker accepts fits whole with its reason headers. The
   * dead-letter topic is created with it as {@code max.message.bytes}.
   */
  public static final int DLQ_MAX_RECORD_BYTES = 2 * 1024 * 1024;

  /** Every topic but the timer tiers. */
  public static final List<String> FIXED = List.of(STEPS, TRIGGERS, EVENTS, LIFECYCLE, DLQ);

  private Topics() {}
}
