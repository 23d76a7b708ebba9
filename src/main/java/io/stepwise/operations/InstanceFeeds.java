package io.stepwise.operations;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.stepwise.runtime.VertxContexts;
import io.stepwise.runtime.announce.InstanceSignals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The views of instances that someone follows (SSE subscribers), one feed per instance however many
 * follow it: the feed reads the instance from the database when it is signalled to have changed
 * ({@link InstanceSignals}: this replica's commits, and the lifecycle topic for other replicas'
 * status changes), when a follower joins, and every {@code stepwise.subscribe.recheck} (30 s) in
 * case a step another replica recorded was not signalled; and hands each reading to every follower.
 * So an idle follower costs the database nothing, and N followers of one instance cost what one
 * does. Reads never overlap: signals that come during one fold into one more read.
 */
@ApplicationScoped
public class InstanceFeeds {

  private static final Logger LOG = Logger.getLogger(InstanceFeeds.class);

  private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();
  private final InstanceSignals signals;
  private final Vertx vertx;
  private final Duration recheck;

  InstanceFeeds(
      InstanceSignals signals,
      Vertx vertx,
      @ConfigProperty(name = "stepwise.subscribe.recheck", defaultValue = "PT30S")
          Duration recheck) {
    this.signals = signals;
    this.vertx = vertx;
    this.recheck = recheck;
  }

  /**
   * The views of instance {@code pk}: the latest at once, then each new reading, until cancelled or
   * the instance is gone ({@code read} answers null). {@code read} must be callable on any Vert.x
   * context; the views are emitted on the caller's.
   */
  public <V> Multi<V> follow(long pk, Supplier<Uni<V>> read) {
    return Multi.createFrom()
        .<Object>emitter(emitter -> join(pk, read, emitter), BackPressureStrategy.LATEST)
        .map(
            view -> {
              @SuppressWarnings("unchecked")
              V typed = (V) view;
              return typed;
            })
        .emitOn(VertxContexts.currentContext());
  }

  /** How many followers all feeds have now (what tests check). */
  public int followerCount() {
    return feeds.values().stream().mapToInt(Feed::size).sum();
  }

  /**
   * Whether a feed is reading now or has a read to make (what tests wait out before they count).
   */
  public boolean reading() {
    return feeds.values().stream().anyMatch(Feed::busy);
  }

  /** How many reads all feeds have made (what tests check idle followers do not cause). */
  public long reads() {
    return reads.get();
  }

  /** The longest a read may take before the feed gives up on it (and reads at the next signal). */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private void join(long pk, Supplier<? extends Uni<?>> read, MultiEmitter<Object> emitter) {
    while (true) {
      Feed feed = feeds.computeIfAbsent(pk, key -> new Feed(key, read));
      if (feed.add(emitter)) {
        emitter.onTermination(() -> feed.remove(emitter));
        return;
      }
      // it closed as its last follower left: start a new one
    }
  }

  /** One instance's readings and who gets them. */
  private final class Feed {
    private final long pk;
    private final Supplier<? extends Uni<?>> read;
    private final Context base;
    private final Set<MultiEmitter<Object>> followers = new LinkedHashSet<>();
    private final Cancellable signalled;
    private final long timer;
    private Object latest;
    private boolean reading;
    private boolean readAgain;
    private boolean closed;

    Feed(long pk, Supplier<? extends Uni<?>> read) {
      this.pk = pk;
      this.read = read;
      this.base = vertx.getOrCreateContext();
      // the first item of changes() is at once: the feed's first read
      this.signalled = signals.changes(pk).subscribe().with(ignored -> readSoon(), failure -> {});
      this.timer = vertx.setPeriodic(recheck.toMillis(), ignored -> readSoon());
    }

    synchronized boolean busy() {
      return reading || readAgain;
    }

    synchronized int size() {
      return followers.size();
    }

    /** False if the feed closed meanwhile. */
    boolean add(MultiEmitter<Object> emitter) {
      Object seen;
      synchronized (this) {
        if (closed) {
          return false;
        }
        followers.add(emitter);
        seen = latest;
      }
      if (seen != null) {
        emitter.emit(seen);
      }
      readSoon(); // a joiner sees the instance as it is now; joiners at once share this read
      return true;
    }

    void remove(MultiEmitter<Object> emitter) {
      synchronized (this) {
        followers.remove(emitter);
        if (!followers.isEmpty() || closed) {
          return;
        }
        closed = true;
      }
      close();
    }

    private void close() {
      feeds.remove(pk, this);
      signalled.cancel();
      vertx.cancelTimer(timer);
    }

    private void readSoon() {
      synchronized (this) {
        if (closed) {
          return;
        }
        if (reading) {
          readAgain = true;
          return;
        }
        reading = true;
      }
      reads.incrementAndGet();
      // a context of its own for each read: Hibernate Reactive keeps its session on the context
      Context own = VertxContext.createNewDuplicatedContext(base);
      VertxContextSafetyToggle.setContextSafe(own, true);
      // deferred: a read that throws at once, or never answers, must still end, or the feed would
      // never read again
      own.runOnContext(
          ignored ->
              Uni.createFrom()
                  .<Object>deferred(() -> read.get())
                  .ifNoItem()
                  .after(READ_TIMEOUT)
                  .fail()
                  .subscribe()
                  .with(this::readOne, this::readFailed));
    }

    private void readOne(Object view) {
      List<MultiEmitter<Object>> to;
      boolean again;
      synchronized (this) {
        reading = false;
        again = readAgain;
        readAgain = false;
        to = List.copyOf(followers);
        if (view == null) {
          closed = true; // the instance was deleted
        } else {
          latest = view;
        }
      }
      if (view == null) {
        close();
        to.forEach(MultiEmitter::complete);
        return;
      }
      to.forEach(follower -> follower.emit(view));
      if (again) {
        readSoon();
      }
    }

    private void readFailed(Throwable failure) {
      boolean again;
      synchronized (this) {
        reading = false;
        again = readAgain;
        readAgain = false;
      }
      // followers keep their stream; the next signal or recheck reads again
      LOG.warnf(
          "STEPWISE-101 could not read instance %d for its subscribers: %s",
          pk, failure.toString());
      if (again) {
        readSoon();
      }
    }
  }
}
