package io.stepwise.messaging;

import io.stepwise.timers.TimerTiers;
import java.util.ArrayList;
import java.util.List;

/** The Kafka topics Stepwise uses. Keep in step with the channels in application.properties. */
public final class Topics {
  public static final String STEPS = "stepwise.steps";
  public static final String TRIGGERS = "stepwise.triggers";
  public static final String LIFECYCLE = "stepwise.lifecycle";
  public static final String DLQ = "stepwise.dlq";

  private Topics() {}

  /** Every topic, timer tiers included: what a broker must have before the engine starts. */
  public static List<String> all() {
    List<String> all = new ArrayList<>(List.of(STEPS, TRIGGERS, LIFECYCLE, DLQ));
    all.addAll(TimerTiers.DEFAULT.topics());
    return all;
  }
}
