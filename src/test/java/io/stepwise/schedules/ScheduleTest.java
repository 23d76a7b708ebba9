package io.stepwise.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.runtime.Names;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void unixCronFiresOnTheMinute() {
    Schedule everyFive = Schedule.parse("w", "*/5 * * * *");

    assertThat(everyFive.firingsBetween(NOON.minus(Duration.ofMinutes(16)), NOON, 100))
        .containsExactly(
            Instant.parse("2026-03-01T11:45:00Z"),
            Instant.parse("2026-03-01T11:50:00Z"),
            Instant.parse("2026-03-01T11:55:00Z"),
            NOON);
    assertThat(everyFive.timeToNext(NOON.plusSeconds(1)))
        .contains(Duration.ofMinutes(5).minusSeconds(1));
  }

  @Test
  void quartzCronHasSeconds() {
    Schedule everyTwoSeconds = Schedule.parse("w", "*/2 * * * * ?");

    assertThat(everyTwoSeconds.firingsBetween(NOON.minusSeconds(5), NOON.plusMillis(500), 100))
        .containsExactly(NOON.minusSeconds(4), NOON.minusSeconds(2), NOON);
  }

  @Test
  void catchUpIsBoundedToTheNewestFirings() {
    Schedule everySecond = Schedule.parse("w", "* * * * * ?");

    assertThat(everySecond.firingsBetween(NOON.minusSeconds(60), NOON, 2))
        .containsExactly(NOON.minusSeconds(1), NOON);
    assertThat(everySecond.firingsBetween(NOON, NOON, 10)).isEmpty();
  }

  @Test
  void theInstanceIdIsAValidIdDerivedFromTheFiringAndTheExpression() {
    Schedule a = Schedule.parse("w", "0 3 * * *");
    Schedule b = Schedule.parse("w", "0 3 * * 1");

    String id = a.instanceId(NOON);
    assertThat(id).startsWith("cron-20260301T120000Z-");
    assertThat(Names.isValidInstanceId(id)).isTrue();
    assertThat(a.instanceId(NOON)).isEqualTo(id);
    assertThat(b.instanceId(NOON)).isNotEqualTo(id);
  }

  @Test
  void invalidExpressionsAreRefusedClearly() {
    assertThatThrownBy(() -> Schedule.parse("w", "every day"))
        .hasMessageContaining("invalid cron 'every day'");
    assertThatThrownBy(() -> Schedule.parse("w", "61 * * * *"))
        .hasMessageContaining("workflow 'w'");
  }
}
