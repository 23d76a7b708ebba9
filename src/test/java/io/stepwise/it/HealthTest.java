package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.health.ConsumerGroupReadiness;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

  @Inject @Readiness ConsumerGroupReadiness consumerGroups;

  /**
   * Readiness answers from the last background reading of the consumer groups, at once: it does not
   * wait for a consumer's polling thread (up to a poll timeout per request, about 1 s idle).
   */
  @Test
  void theConsumerGroupCheckAnswersItsLastReadingWithoutWaitingForTheConsumers() {
    await().atMost(Duration.ofSeconds(30)).until(() -> consumerGroups.readings() > 0);

    AtomicReference<HealthCheckResponse> answered = new AtomicReference<>();
    consumerGroups.call().subscribe().with(answered::set);

    assertThat(answered.get())
        .as("answered on the calling thread, before subscribe returned")
        .isNotNull();
    assertThat(answered.get().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(answered.get().getData().orElseThrow()).containsEntry("steps-in$1", true);
  }

  @Test
  void readyOnceKafkaPostgresAndTheConsumerGroupsAreThere() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "Stepwise consumer groups joined",
                "Reactive PostgreSQL connections health check",
                "SmallRye Reactive Messaging - readiness check"))
        .body(
            "checks.find { it.name == 'Stepwise consumer groups joined' }.data.'steps-in$1'",
            equalTo(true));
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/started").then().statusCode(200);
  }
}
