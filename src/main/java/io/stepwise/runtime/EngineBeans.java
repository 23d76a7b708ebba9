package io.stepwise.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.engine.Replayer;
import io.stepwise.timers.TimerTiers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the pure engine classes into CDI. */
public class EngineBeans {

  /**
   * One clock for the whole engine, so tests can reason about time. It ticks in milliseconds, the
   * precision of timer messages, so a wake-up time read back from a timer equals the recorded one.
   */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }

  @Produces
  @Singleton
  Replayer replayer(
      ObjectMapper mapper,
      @ConfigProperty(name = "stepwise.max-steps", defaultValue = "10000") int maxSteps) {
    return new Replayer(mapper, maxSteps);
  }

  @Produces
  @Singleton
  TimerTiers timerTiers(
      @ConfigProperty(name = "stepwise.timers.tiers", defaultValue = TimerTiers.DEFAULT_HOLDS)
          String tiers) {
    return TimerTiers.parse(tiers);
  }
}
