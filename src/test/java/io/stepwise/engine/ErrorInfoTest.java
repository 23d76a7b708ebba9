package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ErrorInfoTest {

  @Test
  void aTraceNamesWhereTheErrorWasThrownAndItsCauses() {
    Exception error =
        new UncheckedIOException(
            "payment service down",
            new java.io.IOException(
                "connect failed", new ConnectException("Connection refused\nsecond line")));

    ErrorInfo info = ErrorInfo.withTrace(error);

    assertThat(info.name()).isEqualTo("UncheckedIOException");
    assertThat(info.message()).isEqualTo("payment service down");
    assertThat(info.trace())
        .startsWith("java.io.UncheckedIOException\n  at io.stepwise.engine.ErrorInfoTest.")
        .contains(
            "Caused by: java.io.IOException: connect failed",
            "Caused by: java.net.ConnectException: Connection refused")
        .doesNotContain("second line");
    assertThat(info.trace().lines().filter(l -> l.startsWith("  at ")))
        .hasSizeLessThanOrEqualTo(ErrorInfo.TRACE_FRAMES);
  }

  @Test
  void aTraceStaysSmallWhateverTheMessages() {
    Exception huge = new IllegalStateException("top", new RuntimeException("x".repeat(100_000)));
    assertThat(ErrorInfo.withTrace(huge).trace())
        .hasSizeLessThanOrEqualTo(ErrorInfo.MAX_TRACE_CHARS)
        .endsWith("…");
  }

  @Test
  void anErrorWithoutTraceHasNone() {
    assertThat(ErrorInfo.of(new IllegalStateException()).trace()).isNull();
    assertThat(ErrorInfo.of(new IllegalStateException()).message()).isEmpty();
  }

  @Test
  void whatPostgresqlCannotStoreIsReplacedAndPairsAreKept() {
    ErrorInfo info =
        ErrorInfo.withTrace(new IllegalStateException("nul \u0000 lone \uD800 pair \uD83D\uDE00"));

    assertThat(info.message()).isEqualTo("nul \uFFFD lone \uFFFD pair \uD83D\uDE00");
    assertThat(info.trace()).doesNotContain("\u0000");
  }
}
