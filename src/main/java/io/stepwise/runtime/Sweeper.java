package io.stepwise.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stepwise.persistence.InstanceRef;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.runtime.announce.Announcement;
import io.stepwise.runtime.announce.AnnouncementSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Finds instances whose next message was lost and publishes it again, from what the database says:
 * timers overdue by more than the grace (lost to a broker failure, a deleted topic, a crash),
 * runnable instances that have not moved for the grace (a crash between the commit and the
 * publish), and waiting instances that hold the event they wait for (a crash, or the broker away,
 * between an event's commit and the publish that delivers it).
 *
 * <p>Safe with several replicas sweeping at once: a re-published message carries the instance's
 * current sequence, so however many copies arrive, one advances the instance and the others are
 * dropped as stale.
 */
@ApplicationScoped
public class Sweeper {

  private static final Logger LOG = Logger.getLogger(Sweeper.class);

  private final InstanceStore store;
  private final AnnouncementSink announcements;
  private final Clock clock;
  private final Duration grace;
  private final int batch;
  private final Counter republished;

  Sweeper(
      InstanceStore store,
      AnnouncementSink announcements,
      Clock clock,
      MeterRegistry registry,
      @ConfigProperty(name = "stepwise.sweeper.grace", defaultValue = "PT30S") Duration grace,
      @ConfigProperty(name = "stepwise.sweeper.batch", defaultValue = "1000") int batch) {
    this.store = store;
    this.announcements = announcements;
    this.clock = clock;
    this.grace = grace;
    this.batch = batch;
    this.republished =
        Counter.builder("stepwise.sweeper.republished")
            .description(
                "Step messages the sweeper published again for instances that had lost theirs")
            .register(registry);
  }

  @Scheduled(
      identity = "stepwise-sweeper",
      every = "${stepwise.sweeper.interval:10s}",
      delayed = "${stepwise.sweeper.interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      // not while the service stops: its database pool may be closed already ("Pool closed")
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  Uni<Void> sweep() {
    Instant cutoff = clock.instant().minus(grace);
    return store
        .overdueTimers(cutoff, batch)
        .chain(overdue -> store.stalled(cutoff, batch).map(stalled -> union(overdue, stalled)))
        .chain(
            lost ->
                store.undeliveredEvents(cutoff, batch).map(undelivered -> union(lost, undelivered)))
        .chain(this::republish)
        .onFailure()
        .recoverWithItem(
            error -> {
              LOG.warnf(error, "STEPWISE-060 sweep failed; the next one will try again");
              return null;
            });
  }

  private Uni<Void> republish(List<InstanceRef> refs) {
    if (refs.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    LOG.infof("STEPWISE-061 re-publishing the next message of %d instance(s)", refs.size());
    return Multi.createFrom()
        .iterable(refs)
        .onItem()
        .transformToUniAndMerge(
            ref ->
                announcements
                    .send(new Announcement.NextStep(ref.pk(), ref.seq()))
                    .invoke(() -> republished.increment())
                    .replaceWith(ref))
        .collect()
        .asList()
        .replaceWithVoid();
  }

  private static List<InstanceRef> union(List<InstanceRef> a, List<InstanceRef> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
  }
}
