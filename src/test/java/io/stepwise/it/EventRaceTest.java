package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Outbound;
import io.stepwise.engine.Retention;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.StepState;
import io.stepwise.engine.Transition;
import io.stepwise.persistence.Committed;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.persistence.OperatorTransactions;
import io.stepwise.persistence.StoredEvent;
import io.stepwise.persistence.StoredInstance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The race the chaos suite found: an event sent after a replay loaded the instance but before that
 * replay's wait was committed. The sender saw the instance still running (so did not wake it); the
 * commit must see the event and wake the instance itself — else it waits forever.
 */
@QuarkusTest
class EventRaceTest {

  @Inject InstanceStore store;
  @Inject OperatorTransactions transactions;

  @Test
  void aWaitCommittedAfterItsEventArrivedWakesTheInstanceAtOnce() throws Throwable {
    // A workflow this deployment does not have: no engine message ever advances this instance.
    String workflow = "race-" + UUID.randomUUID().toString().substring(0, 8);
    String id = "race";
    Instant now = Instant.now();
    StoredInstance row =
        VertxContextSupport.subscribeAndAwait(
            () -> store.create(workflow, id, null, Retention.DEFAULT, now));
    Transition wait =
        new Transition(
            row.seq(),
            InstanceStatus.WAITING,
            null,
            null,
            now,
            null,
            List.of(
                StepState.waitingForEvent(
                    new StepKey("approval", 1), "go", now, now.plus(Duration.ofHours(1)))),
            List.of(),
            null,
            null,
            List.of(new Outbound.WakeAt(row.seq() + 1, now.plus(Duration.ofHours(1)))));

    // the event arrives while the wait is planned but not committed: the sender sees "queued"
    StoredEvent sent =
        VertxContextSupport.subscribeAndAwait(
            () ->
                transactions.sendEvent(
                    workflow, id, "go", JsonNodeFactory.instance.objectNode(), null, now));
    assertThat(sent.waiting())
        .as("the sender does not wake an instance that is not waiting")
        .isNull();

    Committed committed =
        VertxContextSupport.subscribeAndAwait(
                () -> store.commit(row.pk(), wait, now, null, Set.of()))
            .orElseThrow();
    assertThat(committed.transition().outbound()).contains(new Outbound.RunNext(row.seq() + 1));
  }
}
