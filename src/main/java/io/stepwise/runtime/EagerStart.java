package io.stepwise.runtime;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.stepwise.engine.InstanceState;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs a new instance's first step at once when this replica owns the partition its step messages
 * go to, instead of after its first message's round trip. It runs in the instance's lane ({@link
 * InstanceLanes}), so the first message (published as always) waits behind it and is then dropped
 * as stale; anywhere else, or when it fails, that message carries the instance as before.
 */
@ApplicationScoped
public class EagerStart {

  private static final Logger LOG = Logger.getLogger(EagerStart.class);

  private final PartitionOwnership ownership;
  private final InstanceLanes lanes;
  private final InstanceAdvancer advancer;
  private final InstanceCache cache;
  private final boolean enabled;

  EagerStart(
      PartitionOwnership ownership,
      InstanceLanes lanes,
      InstanceAdvancer advancer,
      InstanceCache cache,
      @ConfigProperty(name = "stepwise.steps.eager-start", defaultValue = "true") boolean enabled) {
    this.ownership = ownership;
    this.lanes = lanes;
    this.advancer = advancer;
    this.cache = cache;
    this.enabled = enabled;
  }

  /** Starts the instance just created ({@code created}) here and now, if this replica owns it. */
  public void start(InstanceState created) {
    long pk = created.pk();
    long seq = created.seq();
    OptionalInt partition = enabled ? ownership.ownedPartitionOf(pk) : OptionalInt.empty();
    Context current = Vertx.currentContext();
    if (partition.isEmpty() || current == null) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    done.whenComplete(
        (ok, failure) -> {
          if (failure != null) {
            LOG.debugf(
                failure,
                "STEPWISE-015 the eager start of instance %d failed; its step message will start it",
                pk);
          }
        });
    // A context of its own (Hibernate Reactive keeps its session on the context, and the caller's
    // is the caller's), flagged safe as Hibernate Reactive requires.
    cache.created(partition.getAsInt(), created); // no load: the creation knows the whole state
    Context own = VertxContext.createNewDuplicatedContext(current);
    VertxContextSafetyToggle.setContextSafe(own, true);
    // The creation's trace goes on in the step, as it does through the step message's headers.
    io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
    lanes.submit(
        pk,
        own,
        () -> {
          // Not closed: the scope lives on the run's own context, which ends with the run.
          trace.makeCurrent();
          return advancer.advance(pk, seq, partition.getAsInt());
        },
        done);
  }
}
