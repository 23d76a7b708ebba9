package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

  @Test
  void readyOnceKafkaPostgresAndTheConsumerGroupsAreThere() {
    given().when().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("Stepwise consumer groups joined", "Reactive PostgreSQL connections health check",
            "SmallRye Reactive Messaging - readiness check"))
        .body("checks.find { it.name == 'Stepwise consumer groups joined' }.data.'steps-in$1'", equalTo(true));
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/started").then().statusCode(200);
  }
}
