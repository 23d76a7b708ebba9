package io.stepwise.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.StepKey;
import org.junit.jupiter.api.Test;

/**
 * A compensation is its own kind of step in the engine; only the mapper knows how rows store it.
 */
class StepRecordKeysTest {

  @Test
  void aCompensationIsRecordedBesideItsStepAndReadBackAsACompensation() {
    StepKey step = new StepKey("charge", 2);
    StepKey compensation = StepKey.compensationOf(step);

    assertThat(compensation.isCompensation()).isTrue();
    assertThat(compensation.count()).as("the step's own occurrence").isEqualTo(2);
    assertThat(compensation).isNotEqualTo(step);
    assertThat(StepRecordMapper.storedOccurrence(compensation))
        .isNotEqualTo(StepRecordMapper.storedOccurrence(step));

    assertThat(StepRecordMapper.key("charge", StepRecordMapper.storedOccurrence(step)))
        .isEqualTo(step);
    assertThat(StepRecordMapper.key("charge", StepRecordMapper.storedOccurrence(compensation)))
        .isEqualTo(compensation);
  }
}
