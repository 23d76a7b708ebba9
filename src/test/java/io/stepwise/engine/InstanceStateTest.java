package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InstanceStateTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void stepsKeepTheOrderTheyWereRecordedInThroughEveryCopy() {
    // names whose hash order differs from this order
    List<StepKey> recorded =
        IntStream.range(0, 40).mapToObj(i -> new StepKey("step-" + (40 - i), 1)).toList();
    Map<StepKey, StepState> steps = new LinkedHashMap<>();
    recorded.forEach(key -> steps.put(key, StepState.sleeping(key, NOW, NOW.plusSeconds(60))));

    InstanceState state =
        new InstanceState(1, "w", "i", InstanceStatus.RUNNING, null, 3, NOW, steps);
    assertThat(state.steps().keySet()).containsExactlyElementsOf(recorded);
    assertThat(state.withStatus(InstanceStatus.WAITING).steps().keySet())
        .containsExactlyElementsOf(recorded);
  }
}
