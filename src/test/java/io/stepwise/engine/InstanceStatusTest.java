package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceStatusTest {

  /**
   * The status change the beginning of an attempt makes (in SQL, built from this) is in the table.
   */
  @Test
  void beginningAnAttemptChangesStatusOnlyAlongTheTable() {
    for (InstanceStatus status : InstanceStatus.values()) {
      status
          .whileAttemptRuns()
          .ifPresent(
              running ->
                  assertThat(running == status || status.mayBeFollowedBy(running))
                      .as(status + " → " + running)
                      .isTrue());
      assertThat(status.whileAttemptRuns().isPresent())
          .as(status.wireName())
          .isEqualTo(status.isRunnable() || status == InstanceStatus.WAITING_FOR_PAUSE);
    }
    assertThat(InstanceStatus.QUEUED.whileAttemptRuns()).contains(InstanceStatus.RUNNING);
    assertThat(InstanceStatus.WAITING_FOR_PAUSE.whileAttemptRuns())
        .contains(InstanceStatus.WAITING_FOR_PAUSE);
  }
}
