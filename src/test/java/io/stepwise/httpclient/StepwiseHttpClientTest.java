package io.stepwise.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The plain Java client against the running service: every call a JVM program makes. */
@QuarkusTest
class StepwiseHttpClientTest {

  @TestHTTPResource("/")
  URL service;

  private StepwiseHttpClient client() {
    return StepwiseHttpClient.connect(service.toString());
  }

  private static String newId() {
    return "http-" + UUID.randomUUID();
  }

  @Test
  void createsAndWaitsForTheOutputThenReadsAndListsTheInstance() {
    String id = newId();
    Instance done = client().createAndWait("chain", id, Map.of("steps", 3), Duration.ofSeconds(30));

    assertThat(done.ended()).isTrue();
    assertThat(done.status()).isEqualTo("complete");
    assertThat(done.output(Integer.class)).isEqualTo(3);
    assertThat(done.json().path("steps")).hasSize(3);

    Instance read = client().get("chain", id);
    assertThat(read.id()).isEqualTo(id);
    assertThat(read.workflow()).isEqualTo("chain");
    assertThat(read.endedAt()).isAfterOrEqualTo(read.createdAt());

    InstancePage complete = client().list("chain", "complete", 100, null, false);
    assertThat(complete.instances()).extracting(Instance::id).contains(id);
    assertThat(client().workflow("chain").path("name").asText()).isEqualTo("chain");
  }

  @Test
  void anEventSentByTheClientEndsTheWait() {
    String url = service.toString();
    String apiKey =
        null; // the tests' service is open; a deployed one wants an operate key for this
    String id = newId();
    // snippet:http-client
    StepwiseHttpClient stepwise = StepwiseHttpClient.connect(url).withApiKey(apiKey);

    Instance created = stepwise.create("approval", id, Map.of("timeoutSeconds", 300));
    stepwise.sendEvent("approval", id, "approval", Map.of("approved", true, "by", "ada"));
    Instance done = stepwise.await("approval", id, Duration.ofSeconds(30)); // a long poll
    if (done.status().equals("complete")) {
      String approver = done.output().path("by").asText();
    }
    // snippet:end
    assertThat(created.id()).isEqualTo(id);
    assertThat(created.ended()).isFalse();
    assertThat(done.status()).isEqualTo("complete");
    assertThat(done.output().path("by").asText()).isEqualTo("ada");
  }

  @Test
  void anEventSentAgainWithItsIdIsStoredOnce() {
    String id = newId();
    client().create("approval", id, Map.of("timeoutSeconds", 300));

    assertThat(client().sendEvent("approval", id, "note", "first", "note-1")).as("stored").isTrue();
    assertThat(client().sendEvent("approval", id, "note", "first", "note-1"))
        .as("a retry")
        .isFalse();
    assertThat(client().sendEvent("approval", id, "note", "second", "note-2")).isTrue();
    assertThatThrownBy(() -> client().sendEvent("approval", id, "note", "other", "note-1"))
        .as("an id used again for another event")
        .isInstanceOf(StepwiseApiException.class)
        .hasMessageContaining("was used already");
  }

  @Test
  void pausesResumesTerminatesRestartsAndDeletes() {
    String id = newId();
    client().create("sleepy", id, Map.of("seconds", 600));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client().get("sleepy", id).status().equals("waiting"));

    assertThat(client().pause("sleepy", id).status()).isIn("paused", "waitingForPause");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client().get("sleepy", id).status().equals("paused"));
    assertThat(client().resume("sleepy", id).status()).isIn("running", "waiting", "queued");
    // a resumed instance moves on at once; a change it races is refused with 409, so wait for it to
    // settle
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client().get("sleepy", id).status().equals("waiting"));
    assertThat(client().terminate("sleepy", id, false).status()).isEqualTo("terminated");

    client().restartFrom("sleepy", id, "before", 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client().get("sleepy", id).status().equals("waiting"));
    client().terminate("sleepy", id, false);
    await().atMost(Duration.ofSeconds(30)).until(() -> client().get("sleepy", id).ended());

    assertThat(client().delete("sleepy", List.of(id))).containsExactly(id);
    assertThatThrownBy(() -> client().get("sleepy", id))
        .isInstanceOfSatisfying(
            StepwiseApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("instance_not_found");
            });
  }

  @Test
  void refusalsCarryTheStatusAndCodeOfTheServicesError() {
    String id = newId();
    client().create("chain", id, Map.of("steps", 1));

    assertThatThrownBy(() -> client().create("chain", id, Map.of("steps", 1)))
        .isInstanceOfSatisfying(
            StepwiseApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.code()).isEqualTo("instance_exists");
              assertThat(e.detail()).contains(id);
            });
    assertThatThrownBy(() -> client().create("no-such-workflow", null, null))
        .isInstanceOfSatisfying(
            StepwiseApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    // a String is a JSON string, not JSON text: chain's params are an object, so the service
    // refuses it
    assertThatThrownBy(() -> client().create("chain", null, "{\"steps\": 1}"))
        .isInstanceOfSatisfying(
            StepwiseApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_request"));
    assertThatThrownBy(() -> StepwiseHttpClient.connect("localhost:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an http(s) URL");
  }

  @Test
  void aServiceThatIsNotThereIsUnreachableNotAnError() {
    StepwiseHttpClient nowhere =
        StepwiseHttpClient.connect("http://127.0.0.1:1").withTimeout(Duration.ofSeconds(2));
    assertThatThrownBy(() -> nowhere.get("chain", "x"))
        .isInstanceOf(StepwiseUnreachableException.class)
        .hasMessageContaining("cannot reach Stepwise");
  }
}
