package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TracingTest {

  private static final AttributeKey<String> INSTANCE =
      AttributeKey.stringKey("stepwise.instance.id");

  @Inject InMemorySpanExporter spans;

  @Test
  void anInstanceIsOneTraceWithASpanPerStep() {
    String id = Api.create("sleepy", Map.of("seconds", 0.3));
    Api.awaitEnd("sleepy", id, Duration.ofSeconds(30));

    List<SpanData> ofInstance =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    spans.getFinishedSpanItems().stream()
                        .filter(s -> id.equals(s.getAttributes().get(INSTANCE)))
                        .toList(),
                found -> found.stream().anyMatch(s -> s.getName().equals("step after#1")));

    assertThat(ofInstance).extracting(SpanData::getName).contains("step before#1", "step after#1");
    assertThat(ofInstance)
        .extracting(SpanData::getTraceId)
        .as("one trace, across Kafka messages and the timer")
        .containsOnly(ofInstance.get(0).getTraceId());
  }
}
