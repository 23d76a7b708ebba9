package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StarterWorkflowTest {

  @TestHTTPResource("/q/health/live")
  URL liveness;

  @Test
  void runsToComplete() {
    String id =
        Api.create(
            "workflows-starter",
            Map.of("url", liveness.toString(), "sleepSeconds", 1, "failureProbability", 0));

    JsonPath instance = Api.awaitEnd("workflows-starter", id, Duration.ofSeconds(60));

    assertThat(instance.getString("status")).isEqualTo("complete");
    assertThat(instance.getInt("output.files")).isEqualTo(5);
    assertThat(instance.getInt("output.httpStatus")).isEqualTo(200);
    List<Map<String, Object>> steps = instance.getList("steps");
    assertThat(steps)
        .extracting(s -> s.get("name"))
        .containsExactly(
            "my first step",
            "some other step",
            "wait on something",
            "make a call to write that could maybe, just might, fail");
    assertThat(steps).extracting(s -> s.get("status")).containsOnly("complete");
    Map<String, Object> sleep = steps.get(2);
    assertThat(sleep.get("type")).isEqualTo("sleep");
    Instant sleepStart = Instant.parse((String) sleep.get("startedAt"));
    Instant wakeAt = Instant.parse((String) sleep.get("wakeAt"));
    assertThat(Duration.between(sleepStart, wakeAt)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Instant.parse((String) sleep.get("endedAt"))).isAfterOrEqualTo(wakeAt);
  }
}
