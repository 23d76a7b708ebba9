package io.stepwise.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.examples.ChainWorkflow;
import io.stepwise.examples.FlakyWorkflow;
import io.stepwise.examples.OrderWorkflow;
import io.stepwise.examples.SleepyWorkflow;
import io.stepwise.verification.ChaosMixWorkflow;
import org.junit.jupiter.api.Test;

class ParamsContractsTest {

  /** Configured as Quarkus configures its mapper: unknown fields are ignored by default. */
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final ParamsContracts contracts = new ParamsContracts(mapper);

  private final RegisteredWorkflow order = workflow("order", OrderWorkflow.Params.class);
  private final RegisteredWorkflow sleepy = workflow("sleepy", SleepyWorkflow.Params.class);
  private final RegisteredWorkflow flaky = workflow("flaky", FlakyWorkflow.Params.class);

  @Test
  void theSchemaNamesEveryFieldWithItsTypeAndWhatIsRequired() {
    JsonNode schema = contracts.schema(order);

    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.path("properties").path("orderId").path("type").asText()).isEqualTo("string");
    assertThat(schema.path("properties").path("cents").path("type").asText()).isEqualTo("integer");
    assertThat(schema.path("properties").path("cents").path("description").asText())
        .contains("cents");
    assertThat(schema.path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("orderId", "cents");
    assertThat(ParamsContracts.typeName(order)).isEqualTo("OrderWorkflow.Params");
  }

  @Test
  void theSchemaGivesTheDefaultsTheTypeSetsForAnEmptyObject() {
    assertThat(
            contracts.schema(sleepy).path("properties").path("seconds").path("default").asDouble())
        .isEqualTo(1.0);
    JsonNode flakyFields = contracts.schema(flaky).path("properties");
    assertThat(flakyFields.path("limit").path("default").asInt()).isEqualTo(5);
    assertThat(flakyFields.path("backoff").path("default").asText()).isEqualTo("EXPONENTIAL");
    assertThat(flakyFields.path("backoff").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly("CONSTANT", "LINEAR", "EXPONENTIAL");
    assertThat(contracts.schema(order).path("properties").path("orderId").has("default")).isFalse();
  }

  @Test
  void paramsThatFitPass() {
    assertThatCode(() -> contracts.check(order, json("{\"orderId\": \"o-1\", \"cents\": 500}")))
        .doesNotThrowAnyException();
    assertThatCode(() -> contracts.check(sleepy, json("{\"seconds\": 0.5}")))
        .doesNotThrowAnyException();
    assertThatCode(() -> contracts.check(sleepy, null)).doesNotThrowAnyException();
    assertThatCode(() -> contracts.check(flaky, json("{\"backoff\": \"LINEAR\"}")))
        .doesNotThrowAnyException();
    RegisteredWorkflow mix = workflow("chaos-mix", ChaosMixWorkflow.Params.class);
    assertThatCode(() -> contracts.check(mix, json("{\"steps\": 2}")))
        .as("an absent primitive reads as its zero: the schema does not call it required")
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> contracts.check(mix, json("{\"steps\": 2, \"flaky\": null}")))
        .hasMessageContaining("'params.flaky' must be true or false, not null");
  }

  @Test
  void anUnknownFieldIsRefusedByName() {
    assertThatThrownBy(() -> contracts.check(sleepy, json("{\"sleepSecond\": 5}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown field 'params.sleepSecond'")
        .hasMessageContaining("known fields: seconds")
        .hasMessageContaining("SleepyWorkflow.Params");
  }

  @Test
  void aValueOfTheWrongJsonTypeIsRefusedByField() {
    assertThatThrownBy(() -> contracts.check(sleepy, json("{\"seconds\": \"5\"}")))
        .hasMessageContaining("'params.seconds' must be a number");
    assertThatThrownBy(() -> contracts.check(order, json("{\"orderId\": 5, \"cents\": 500}")))
        .hasMessageContaining("'params.orderId' must be a string");
    assertThatThrownBy(() -> contracts.check(order, json("{\"orderId\": \"o-1\", \"cents\": 5.5}")))
        .hasMessageContaining("'params.cents' must be an integer");
    assertThatThrownBy(
            () -> contracts.check(order, json("{\"orderId\": \"o-1\", \"cents\": null}")))
        .hasMessageContaining("'params.cents' must be an integer");
    assertThatThrownBy(() -> contracts.check(flaky, json("{\"backoff\": \"sometimes\"}")))
        .hasMessageContaining("'params.backoff' must be one of [CONSTANT, LINEAR, EXPONENTIAL]");
    assertThatThrownBy(() -> contracts.check(sleepy, json("[1, 2]")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aMissingRequiredFieldIsRefusedByName() {
    assertThatThrownBy(() -> contracts.check(order, json("{\"orderId\": \"o-1\"}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'params.cents' is required");
    assertThatThrownBy(() -> contracts.check(order, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("orderId");
  }

  @Test
  void anEmptyStringIsNoNumberNorBoolean() {
    assertThatThrownBy(
            () -> contracts.check(order, json("{\"orderId\": \"o-1\", \"cents\": \"\"}")))
        .hasMessageContaining("'params.cents' must be an integer");
    assertThatThrownBy(() -> contracts.check(sleepy, json("{\"seconds\": \"\"}")))
        .hasMessageContaining("'params.seconds' must be a number");
  }

  @Test
  void rangeChecksRunWhenAnInstanceIsCreatedNotWhenOneReplays() throws Exception {
    RegisteredWorkflow chain = workflow("chain", ChainWorkflow.Params.class);
    assertThatThrownBy(() -> contracts.check(chain, json("{\"steps\": -5}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("steps must be 1 to 10000 (the step limit), was -5");
    // an instance stored before the check existed still reads its params (Replayer.readParams)
    assertThat(mapper.convertValue(json("{\"steps\": -5}"), ChainWorkflow.Params.class).steps())
        .isEqualTo(-5);
  }

  private JsonNode json(String text) {
    try {
      return mapper.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private RegisteredWorkflow workflow(String name, Class<?> params) {
    return new RegisteredWorkflow(name, null, mapper.constructType(params), null);
  }
}
