package io.stepwise.runtime;

import io.smallrye.mutiny.Uni;
import io.stepwise.engine.StepKey;
import io.stepwise.engine.StepState;
import io.stepwise.persistence.InstanceStore;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The commits of one parallel attempt's branches, made as each branch ends, one after the other on
 * the message's Vert.x context: a Hibernate Reactive session serves one operation at a time, and
 * bodies end on whatever thread they like. Remembers which steps now have records, for the
 * attempt's common commit.
 *
 * <p>A branch commit only makes its result durable early (a crash then does not run that branch
 * again). It is not what decides: a refused or failed one is logged and the common commit, which
 * writes every branch's record again under the same checks, settles it.
 */
final class BranchCommits {

  private static final Logger LOG = Logger.getLogger(BranchCommits.class);

  private final InstanceStore store;
  private final long pk;
  private final String instanceId;
  private final long seq;
  private final UUID token;
  private final Executor context;
  private final Set<StepKey> recorded;
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

  BranchCommits(
      InstanceStore store,
      long pk,
      String instanceId,
      long seq,
      UUID token,
      Set<StepKey> recorded,
      Executor context) {
    this.store = store;
    this.pk = pk;
    this.instanceId = instanceId;
    this.seq = seq;
    this.token = token;
    this.recorded = new HashSet<>(recorded);
    this.context = context;
  }

  /** Commits {@code step} after the commits submitted before it; completes when it is done. */
  synchronized Uni<Void> submit(StepState step) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    last.whenComplete(
        (ignored, failure) ->
            context.execute(
                () ->
                    store
                        .commitBranch(pk, seq, token, step, recordedNow())
                        .subscribe()
                        .with(
                            written -> {
                              if (written) {
                                recorded(step.key());
                              }
                              done.complete(null);
                            },
                            error -> {
                              LOG.debugf(
                                  "STEPWISE-019 the early commit of branch %s of instance %s was"
                                      + " not made, the common commit will: %s",
                                  step.key(), instanceId, error.toString());
                              done.complete(null);
                            })));
    last = done;
    return Uni.createFrom().completionStage(done);
  }

  /** The steps with records now: the load's and the branches committed since. */
  synchronized Set<StepKey> recordedNow() {
    return Set.copyOf(recorded);
  }

  private synchronized void recorded(StepKey key) {
    recorded.add(key);
  }
}
