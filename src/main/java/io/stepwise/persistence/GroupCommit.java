package io.stepwise.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Group commit: the commits of different instances that become ready while earlier ones are being
 * written go to PostgreSQL together, in one transaction — one lock statement, one commit, one fsync
 * for all of them — instead of a transaction each.
 *
 * <p>At most {@code max-in-flight} transactions are under way at once. A commit that finds one free
 * goes at once, alone (a lone instance never waits for company); the others queue, and the next
 * transaction takes up to {@code max-size} of them. Each commit keeps its own checks: one that is
 * stale or fenced writes nothing and answers alone without spoiling the others. When the shared
 * transaction fails (a lost race found only at a write, a row locked elsewhere for longer than the
 * group's lock timeout, a dropped connection), nothing of it was written and every commit of it is
 * made again alone, so a failure costs only its own instance.
 *
 * <p>Every answer is given on the Vert.x context of the commit's caller: Hibernate Reactive binds a
 * session to the context that opened it, and the caller goes on with its own.
 */
final class GroupCommit {

  private static final Logger LOG = Logger.getLogger(GroupCommit.class);

  /** {@code stepwise.commits.group.*}. */
  @ConfigMapping(prefix = "stepwise.commits.group")
  public interface Settings {
    /** Whether commits ready at the same moment share a transaction. */
    @WithDefault("true")
    boolean enabled();

    /** How many transactions of commits may be under way at once (each holds a connection). */
    @WithDefault("2")
    int maxInFlight();

    /** The most commits one transaction takes. */
    @WithDefault("64")
    int maxSize();
  }

  /** A commit waiting for its transaction, and where its answer goes. */
  private record Pending(
      CommitRequest request, Context context, UniEmitter<? super Optional<Committed>> answer) {}

  private final Settings settings;
  private final InstanceStore store;
  private final DistributionSummary sizes;
  private final Counter fallbacks;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  GroupCommit(Settings settings, InstanceStore store, MeterRegistry registry) {
    if (settings.maxInFlight() < 1 || settings.maxSize() < 1) {
      throw new IllegalArgumentException(
          "stepwise.commits.group.max-in-flight and max-size must be at least 1, were "
              + settings.maxInFlight()
              + " and "
              + settings.maxSize());
    }
    this.settings = settings;
    this.store = store;
    this.sizes =
        DistributionSummary.builder("stepwise.commits.group.size")
            .description("Commits written by one transaction of the group commit")
            .register(registry);
    Gauge.builder("stepwise.commits.group.queued", this, GroupCommit::queued)
        .description("Commits waiting for a transaction of the group commit")
        .register(registry);
    this.fallbacks =
        Counter.builder("stepwise.commits.group.fallbacks")
            .description(
                "Transactions of the group commit that failed, their commits then made alone")
            .register(registry);
  }

  private synchronized double queued() {
    return queue.size();
  }

  boolean isEnabled() {
    return settings.enabled();
  }

  /** Commits {@code request}, with others when others are ready too. */
  Uni<Optional<Committed>> submit(CommitRequest request) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return store.commitAlone(request); // not on Vert.x (Panache then fails as it would alone)
    }
    return Uni.createFrom()
        .emitter(
            answer -> {
              synchronized (this) {
                queue.add(new Pending(request, context, answer));
              }
              startWhatMayStart();
            });
  }

  private void startWhatMayStart() {
    while (true) {
      List<Pending> group = new ArrayList<>();
      synchronized (this) {
        if (inFlight >= settings.maxInFlight() || queue.isEmpty()) {
          return;
        }
        inFlight++;
        while (!queue.isEmpty() && group.size() < settings.maxSize()) {
          group.add(queue.poll());
        }
      }
      sizes.record(group.size());
      if (group.size() == 1) {
        runAlone(group.get(0), this::finished);
      } else {
        commitTogether(group);
      }
    }
  }

  private void finished() {
    synchronized (this) {
      inFlight--;
    }
    startWhatMayStart();
  }

  /**
   * One commit in its own transaction, on its caller's context; {@code then} runs as it ends. A
   * commit that finds a slot free when it is submitted is already on its caller's context and
   * starts at once, without a hop through the event loop (the one-at-a-time case: every step).
   */
  private void runAlone(Pending pending, Runnable then) {
    Runnable commit =
        () ->
            Uni.createFrom()
                .deferred(() -> store.commitAlone(pending.request()))
                .onTermination()
                .invoke(then)
                .subscribe()
                .with(pending.answer()::complete, pending.answer()::fail);
    if (Vertx.currentContext() == pending.context()) {
      commit.run();
    } else {
      pending.context().runOnContext(ignored -> commit.run());
    }
  }

  /**
   * Several commits in one transaction, on a context of their own (no caller's session is touched).
   */
  private void commitTogether(List<Pending> group) {
    Context own = VertxContext.createNewDuplicatedContext(group.get(0).context());
    VertxContextSafetyToggle.setContextSafe(
        own, true); // a context of its own: Panache may keep a session there
    List<CommitRequest> requests = group.stream().map(Pending::request).toList();
    // Deferred: whatever fails, even at once, ends in the fallback and frees the slot.
    own.runOnContext(
        ignored ->
            Uni.createFrom()
                .deferred(() -> store.commitTogether(requests))
                .subscribe()
                .with(
                    answers -> {
                      finished();
                      for (int i = 0; i < group.size(); i++) {
                        Pending pending = group.get(i);
                        Uni<Optional<Committed>> answer = answers.get(i);
                        pending
                            .context()
                            .runOnContext(
                                again ->
                                    answer
                                        .subscribe()
                                        .with(pending.answer()::complete, pending.answer()::fail));
                      }
                    },
                    failure -> {
                      LOG.debugf(
                          "STEPWISE-016 a group commit of %d failed (%s); each commits alone",
                          group.size(), failure);
                      fallbacks.increment();
                      // The slot stays taken until every commit of the group has answered alone: a
                      // failing
                      // group must not let more transactions at the connection pool than the
                      // setting allows.
                      AtomicInteger left = new AtomicInteger(group.size());
                      group.forEach(
                          pending ->
                              runAlone(
                                  pending,
                                  () -> {
                                    if (left.decrementAndGet() == 0) {
                                      finished();
                                    }
                                  }));
                    }));
  }
}
