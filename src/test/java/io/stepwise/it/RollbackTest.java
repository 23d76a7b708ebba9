package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stepwise.testworkflows.SagaWorkflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compensations run in reverse order when an instance fails, or is terminated with rollback. */
@QuarkusTest
class RollbackTest {

  @Test
  void aFailedInstanceRunsItsCompensationsInReverseOrder() {
    String id = Api.create("saga", Map.of("pay", false));

    JsonPath done = Api.awaitEnd("saga", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("errored");
    assertThat(done.getString("error.message")).isEqualTo("card declined");
    assertThat(done.getString("rollback.status")).isEqualTo("complete");
    assertThat(SagaWorkflow.UNDONE.get(id)).containsExactly("cancel hotel-7", "cancel flight-1");
    List<Map<String, Object>> rollbacks = done.getList("steps.findAll { it.type == 'rollback' }");
    assertThat(rollbacks)
        .extracting(s -> s.get("name"))
        .containsExactly("book hotel", "book flight");
    assertThat(rollbacks).extracting(s -> s.get("status")).containsOnly("complete");
  }

  @Test
  void aSuccessfulInstanceRollsNothingBack() {
    String id = Api.create("saga", Map.of("pay", true));

    JsonPath done = Api.awaitEnd("saga", id, Duration.ofSeconds(30));

    assertThat(done.getString("status")).isEqualTo("complete");
    assertThat(done.getString("rollback")).isNull();
    assertThat(SagaWorkflow.UNDONE.get(id)).isNull();
  }

  @Test
  void terminateWithRollbackUndoesWhatWasDoneThenTerminates() {
    String id = Api.create("saga", Map.of("pay", true, "sleepSeconds", 30));
    Api.awaitStatus("saga", id, "waiting");

    assertThat(Api.change("saga", id, Map.of("status", "terminate", "rollback", true)))
        .isEqualTo("running");

    JsonPath done = Api.awaitEnd("saga", id, Duration.ofSeconds(30));
    assertThat(done.getString("status")).isEqualTo("terminated");
    assertThat(done.getString("rollback.status")).isEqualTo("complete");
    assertThat(SagaWorkflow.UNDONE.get(id)).containsExactly("cancel hotel-7", "cancel flight-1");
  }
}
