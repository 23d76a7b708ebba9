package io.stepwise.timers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerTiersTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final TimerTiers tiers = TimerTiers.DEFAULT;

  @Test
  void aTimerGoesToTheLargestTierNotLongerThanItsRemainingTime() {
    assertThat(tiers.route(NOW.plusMillis(500), NOW))
        .isEqualTo(new TimerTiers.Route.Tier(Duration.ofSeconds(1)));
    assertThat(tiers.route(NOW.plusSeconds(9), NOW))
        .isEqualTo(new TimerTiers.Route.Tier(Duration.ofSeconds(1)));
    assertThat(tiers.route(NOW.plusSeconds(10), NOW))
        .isEqualTo(new TimerTiers.Route.Tier(Duration.ofSeconds(10)));
    assertThat(tiers.route(NOW.plus(Duration.ofHours(5)), NOW))
        .isEqualTo(new TimerTiers.Route.Tier(Duration.ofHours(1)));
    assertThat(tiers.route(NOW.plus(Duration.ofDays(365)), NOW))
        .isEqualTo(new TimerTiers.Route.Tier(Duration.ofDays(1)));
  }

  @Test
  void aDueTimerGoesStraightToTheSteps() {
    assertThat(tiers.route(NOW, NOW)).isEqualTo(new TimerTiers.Route.Due());
    assertThat(tiers.route(NOW.minusSeconds(30), NOW)).isEqualTo(new TimerTiers.Route.Due());
  }

  @Test
  void aTierHoldsUntilItsHoldOrTheDueTimeWhicheverComesFirst() {
    assertThat(TimerTiers.readyAt(Duration.ofSeconds(10), NOW, NOW.plusSeconds(25)))
        .isEqualTo(NOW.plusSeconds(10));
    assertThat(TimerTiers.readyAt(Duration.ofSeconds(1), NOW, NOW.plusMillis(300)))
        .isEqualTo(NOW.plusMillis(300));
  }

  @Test
  void hopsNeverOvershootTheDueTime() {
    Instant due = NOW.plus(Duration.ofHours(26)).plusMillis(1234);
    Instant now = NOW;
    int hops = 0;
    TimerTiers.Route route;
    while (!((route = tiers.route(due, now)) instanceof TimerTiers.Route.Due)) {
      Duration hold = ((TimerTiers.Route.Tier) route).hold();
      now = TimerTiers.readyAt(hold, now, due);
      assertThat(now).isBeforeOrEqualTo(due);
      hops++;
    }
    assertThat(now).isEqualTo(due);
    assertThat(hops).isLessThan(30);
  }

  @Test
  void topicNamesCarryTheirHold() {
    assertThat(tiers.topics())
        .containsExactly(
            "stepwise.timers.1s",
            "stepwise.timers.10s",
            "stepwise.timers.1m",
            "stepwise.timers.10m",
            "stepwise.timers.1h",
            "stepwise.timers.1d");
    for (String topic : tiers.topics()) {
      assertThat(TimerTiers.topic(TimerTiers.holdOf(topic).orElseThrow())).isEqualTo(topic);
    }
    assertThat(TimerTiers.holdOf("stepwise.steps")).isEmpty();
    assertThat(TimerTiers.holdOf("stepwise.timers.250ms")).contains(Duration.ofMillis(250));
  }

  @Test
  void onlyTheSmallestTierIsUnordered() {
    assertThat(tiers.isOrdered(Duration.ofSeconds(1))).isFalse();
    assertThat(tiers.isOrdered(Duration.ofMinutes(1))).isTrue();
  }
}
