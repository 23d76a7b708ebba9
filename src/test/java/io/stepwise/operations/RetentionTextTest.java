package io.stepwise.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.Retention;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionTextTest {

  @Test
  void readsIsoAndShortDurationsUpToTheLimit() {
    assertThat(RetentionText.parse("P7D", " 12h "))
        .isEqualTo(new Retention(Duration.ofDays(7), Duration.ofHours(12)));
    assertThat(RetentionText.parse("500ms", "0s"))
        .isEqualTo(new Retention(Duration.ofMillis(500), Duration.ZERO));
    assertThat(RetentionText.parse("36500d", null))
        .isEqualTo(new Retention(RetentionText.MAX, null));
    assertThat(RetentionText.parse(null, null)).isEqualTo(Retention.DEFAULT);
  }

  @Test
  void refusesWhatIsNoDurationOrTooLongNamingTheField() {
    assertThatThrownBy(() -> RetentionText.parse("36501d", null))
        .hasMessageContaining("\"successRetention\"")
        .hasMessageContaining("at most 36500d");
    assertThatThrownBy(() -> RetentionText.parse(null, "9223372036854775807s"))
        .hasMessageContaining("\"errorRetention\"");
    assertThatThrownBy(() -> RetentionText.parse("PT-1S", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetentionText.parse("forever", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetentionText.parse("P999999999999999D", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
