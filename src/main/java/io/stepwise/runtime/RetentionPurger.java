package io.stepwise.runtime;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.stepwise.persistence.OperatorTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Deletes finished instances whose retention has passed. Every replica runs it; rows another
 * replica is deleting are skipped ({@code SKIP LOCKED}), so they never wait on each other.
 */
@ApplicationScoped
public class RetentionPurger {

  private static final Logger LOG = Logger.getLogger(RetentionPurger.class);
  private static final int BATCH = 1000;

  private final OperatorTransactions transactions;
  private final Clock clock;

  RetentionPurger(OperatorTransactions transactions, Clock clock) {
    this.transactions = transactions;
    this.clock = clock;
  }

  @Scheduled(
      identity = "stepwise-retention",
      every = "${stepwise.retention.purge-interval:60s}",
      delayed = "${stepwise.retention.purge-interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      // not while the service stops: its database pool may be closed already ("Pool closed")
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  Uni<Void> purge() {
    return transactions
        .purgeExpired(clock.instant(), BATCH)
        .invoke(
            purged -> {
              if (purged > 0) {
                LOG.infof("STEPWISE-080 purged %d instance(s) past their retention", purged);
              }
            })
        .onFailure()
        .invoke(error -> LOG.warnf(error, "STEPWISE-081 purge failed; the next run will try again"))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
