package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.messaging.Topics;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** What leaves the service as an instance runs: the lifecycle topic and the SSE stream. */
@QuarkusTest
class LifecycleOutTest {

  @TestHTTPResource("/api/workflows/sleepy/instances/")
  URL instances;

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void theLifecycleTopicGetsEveryStatusChangeInOrder() throws Exception {
    String id = Api.create("sleepy", Map.of("seconds", 0.5));
    Api.awaitEnd("sleepy", id, Duration.ofSeconds(30));

    List<JsonNode> changes = new ArrayList<>();
    try (TestKafka kafka = new TestKafka()) {
      KafkaConsumer<String, String> lifecycle = kafka.consumerFromStart(Topics.LIFECYCLE);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record : TestKafka.poll(lifecycle)) {
                  JsonNode change = mapper.readTree(record.value());
                  if (id.equals(change.get("id").asText())) {
                    changes.add(change);
                  }
                }
                return changes.stream().anyMatch(c -> c.get("status").asText().equals("complete"));
              });
    }

    assertThat(changes)
        .extracting(c -> c.get("status").asText())
        .containsExactly("queued", "running", "waiting", "running", "complete");
    JsonNode complete = changes.get(changes.size() - 1);
    assertThat(complete.get("output").asText()).isEqualTo("awake, then awake again");
    assertThat(complete.get("workflow").asText()).isEqualTo("sleepy");
  }

  @Test
  void subscribeStreamsTheStepsAsTheyHappenThenEnds() throws Exception {
    String id = Api.create("sleepy", Map.of("seconds", 1));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instances + id + "/subscribe"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .build();

    HttpResponse<InputStream> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> updates = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) { // the stream ends once the instance has ended
        if (line.startsWith("data:")) {
          updates.add(mapper.readTree(line.substring(5).trim()));
        }
      }
    }

    List<String> seen =
        updates.stream()
            .map(
                u ->
                    u.get("kind").asText().equals("status")
                        ? "status " + u.get("status").asText()
                        : "step "
                            + u.get("step").get("name").asText()
                            + " "
                            + u.get("step").get("status").asText())
            .toList();
    assertThat(seen)
        .containsSubsequence(
            "step before complete",
            "step nap waiting",
            "step nap complete",
            "step after complete",
            "status complete");
    assertThat(seen.get(seen.size() - 1)).isEqualTo("status complete");
  }

  @Test
  void subscribingToAnUnknownInstanceIs404() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instances + "nobody/subscribe"))
            .header("Accept", "text/event-stream")
            .build();
    assertThat(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
  }
}
