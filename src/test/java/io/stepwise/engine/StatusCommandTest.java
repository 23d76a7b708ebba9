package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCommandTest {

  @Test
  void pausingARunningInstanceWaitsForItsStepAndKeepsItsSequence() {
    StatusCommand.Effect effect =
        StatusCommand.PAUSE.apply(InstanceStatus.RUNNING, false).orElseThrow();
    assertThat(effect.status()).isEqualTo(InstanceStatus.WAITING_FOR_PAUSE);
    assertThat(effect.bumpsSeq()).isFalse();

    StatusCommand.Effect sleeping =
        StatusCommand.PAUSE.apply(InstanceStatus.WAITING, false).orElseThrow();
    assertThat(sleeping.status()).isEqualTo(InstanceStatus.PAUSED);
    assertThat(sleeping.bumpsSeq()).isTrue();
  }

  @Test
  void commandsThatDoNotFitAreRefused() {
    assertThat(StatusCommand.PAUSE.apply(InstanceStatus.COMPLETE, false)).isEmpty();
    assertThat(StatusCommand.PAUSE.apply(InstanceStatus.PAUSED, false)).isEmpty();
    assertThat(StatusCommand.RESUME.apply(InstanceStatus.RUNNING, false)).isEmpty();
    assertThat(StatusCommand.TERMINATE.apply(InstanceStatus.TERMINATED, false)).isEmpty();
    assertThat(StatusCommand.TERMINATE.apply(InstanceStatus.WAITING_FOR_PAUSE, true)).isEmpty();
  }

  @Test
  void restartFitsEveryStatusAndTerminateWithRollbackKeepsRunning() {
    for (InstanceStatus status : InstanceStatus.values()) {
      assertThat(StatusCommand.RESTART.apply(status, false))
          .as(status.wireName())
          .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(InstanceStatus.QUEUED));
    }
    StatusCommand.Effect rollback =
        StatusCommand.TERMINATE.apply(InstanceStatus.WAITING, true).orElseThrow();
    assertThat(rollback.status()).isEqualTo(InstanceStatus.RUNNING);
    assertThat(rollback.startsRollback()).isTrue();
    assertThat(rollback.runsNext()).isTrue();
  }
}
