package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.messaging.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator scrapes from /q/metrics once instances have run. */
@QuarkusTest
class MetricsTest {

  private static String metrics() {
    return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  @Test
  void stepsInstancesTimersAndDeadLettersAreMeasured() throws Exception {
    String flaky = Api.create("flaky", Map.of("failures", 1, "limit", 2, "delayMillis", 50));
    String sleepy = Api.create("sleepy", Map.of("seconds", 0.3));
    Api.awaitEnd("flaky", flaky, Duration.ofSeconds(30));
    Api.awaitEnd("sleepy", sleepy, Duration.ofSeconds(30));
    try (TestKafka kafka = new TestKafka()) {
      kafka.send(Topics.TRIGGERS, "x", "not json at all");
    }

    String scraped =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                MetricsTest::metrics,
                m ->
                    m.contains("stepwise_messages_dead_lettered_total{channel=\"triggers-in\"")
                        && m.contains(
                            "stepwise_instances{status=\"complete\",workflow=\"sleepy\"}"));

    assertThat(scraped)
        .contains("stepwise_step_attempts_total{outcome=\"retried\",workflow=\"flaky\"}")
        .contains("stepwise_step_attempts_total{outcome=\"success\",workflow=\"flaky\"}")
        .contains("stepwise_step_duration_seconds_count{outcome=\"success\",workflow=\"sleepy\"}")
        .contains(
            "stepwise_instance_duration_seconds_count{status=\"complete\",workflow=\"flaky\"}")
        .contains("stepwise_timer_lateness_seconds_count")
        .contains("stepwise_instance_transitions_total{from=\"running\",to=\"waiting\"}")
        .contains("kafka_consumer_fetch_manager_records_lag_max");
  }
}
