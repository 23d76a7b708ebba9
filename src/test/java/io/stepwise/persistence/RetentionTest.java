package io.stepwise.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionTest {

  @Test
  void readsIsoAndShortDurationsUpToTheLimit() {
    assertThat(Retention.parse("P7D", " 12h ")).isEqualTo(new Retention(Duration.ofDays(7), Duration.ofHours(12)));
    assertThat(Retention.parse("500ms", "0s")).isEqualTo(new Retention(Duration.ofMillis(500), Duration.ZERO));
    assertThat(Retention.parse("36500d", null)).isEqualTo(new Retention(Retention.MAX, null));
    assertThat(Retention.parse(null, null)).isEqualTo(Retention.DEFAULT);
  }

  @Test
  void refusesWhatIsNoDurationOrTooLongNamingTheField() {
    assertThatThrownBy(() -> Retention.parse("36501d", null)).hasMessageContaining("\"successRetention\"")
        .hasMessageContaining("at most 36500d");
    assertThatThrownBy(() -> Retention.parse(null, "9223372036854775807s")).hasMessageContaining("\"errorRetention\"");
    assertThatThrownBy(() -> Retention.parse("PT-1S", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retention.parse("forever", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retention.parse("P999999999999999D", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
