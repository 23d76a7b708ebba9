package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.api.Backoff;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void delaysGrowAsTheBackoffSays() {
    assertThat(new RetryPolicy(5, SECOND, Backoff.CONSTANT).delayBeforeRetry(4)).isEqualTo(SECOND);
    assertThat(new RetryPolicy(5, SECOND, Backoff.LINEAR).delayBeforeRetry(3))
        .isEqualTo(Duration.ofSeconds(3));
    RetryPolicy exponential = new RetryPolicy(5, SECOND, Backoff.EXPONENTIAL);
    assertThat(exponential.delayBeforeRetry(1)).isEqualTo(SECOND);
    assertThat(exponential.delayBeforeRetry(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(exponential.delayBeforeRetry(5)).isEqualTo(Duration.ofSeconds(16));
  }

  @Test
  void hugeDelaysAreCappedInsteadOfOverflowing() {
    RetryPolicy exponential = new RetryPolicy(10_000, Duration.ofDays(1), Backoff.EXPONENTIAL);
    assertThat(exponential.delayBeforeRetry(40)).isEqualTo(RetryPolicy.MAX_DELAY);
    assertThat(exponential.delayBeforeRetry(9_999)).isEqualTo(RetryPolicy.MAX_DELAY);
    assertThat(
            new RetryPolicy(10_000, Duration.ofDays(300), Backoff.LINEAR).delayBeforeRetry(9_000))
        .isEqualTo(RetryPolicy.MAX_DELAY);
  }

  @Test
  void theLimitCountsRetriesAfterTheFirstAttempt() {
    RetryPolicy twoRetries = new RetryPolicy(2, SECOND, Backoff.CONSTANT);
    assertThat(twoRetries.allowsAnotherAttempt(1)).isTrue();
    assertThat(twoRetries.allowsAnotherAttempt(2)).isTrue();
    assertThat(twoRetries.allowsAnotherAttempt(3)).isFalse();
    assertThat(RetryPolicy.NONE.allowsAnotherAttempt(1)).isFalse();
  }

  @Test
  void defaultsAreCloudflares() {
    assertThat(StepConfig.DEFAULT.retries())
        .isEqualTo(new RetryPolicy(5, Duration.ofSeconds(10), Backoff.EXPONENTIAL));
    assertThat(StepConfig.DEFAULT.timeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void invalidPoliciesAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(-1, SECOND, Backoff.CONSTANT))
        .hasMessageContaining("between 0 and 10000");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(-1), Backoff.CONSTANT))
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> StepConfig.DEFAULT.withTimeout(Duration.ZERO))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayBeforeRetry(0))
        .hasMessageContaining("start at 1");
  }
}
