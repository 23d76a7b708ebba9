package io.stepwise.runtime.announce;

import io.smallrye.mutiny.Uni;
import io.stepwise.faults.FaultPoints;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Announces what a committed change means, for every place that commits one (the step path, the
 * create and command paths, the sweeper), with one failure policy: retried with back-off, then
 * logged and left to the sweeper, which finds the instance from the database. It never fails: once
 * the change is committed, the caller's answer must not depend on the broker.
 *
 * <p>Status changes are also signalled in this process at once ({@link InstanceSignals}), so a
 * create-and-wait request answered here does not wait for the lifecycle topic.
 */
@ApplicationScoped
public class Announcer {

  private static final Logger LOG = Logger.getLogger(Announcer.class);

  private final AnnouncementSink sink;
  private final InstanceSignals signals;
  private final FaultPoints faults;

  Announcer(AnnouncementSink sink, InstanceSignals signals, FaultPoints faults) {
    this.sink = sink;
    this.signals = signals;
    this.faults = faults;
  }

  /** Announces {@code announcements} of the instance {@code instanceId}, in order. Never fails. */
  public Uni<Void> afterCommit(String instanceId, List<? extends Announcement> announcements) {
    if (announcements.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    announcements.forEach(signals::announced);
    if (faults.fires(FaultPoints.BROKER_SILENT, instanceId)) {
      // as a broker that is down: the producer waits for it and nothing comes back
      return Uni.createFrom().nothing();
    }
    Uni<Void> all = Uni.createFrom().voidItem();
    for (Announcement announcement : announcements) {
      all = all.chain(() -> sink.send(announcement));
    }
    return all.onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2))
        .atMost(5)
        .onFailure()
        .recoverWithItem(
            error -> {
              LOG.warnf(
                  error,
                  "STEPWISE-012 could not announce a committed change of instance %s; the sweeper will",
                  instanceId);
              return null;
            });
  }

  /**
   * Starts announcing and returns at once, for the answer to a request: a committed change is
   * answered even while the broker is down (the sweeper publishes what never got out).
   */
  public void inBackground(String instanceId, List<? extends Announcement> announcements) {
    afterCommit(instanceId, announcements).subscribe().with(ignored -> {});
  }

  /** Announces one change. Never fails. */
  public Uni<Void> afterCommit(String instanceId, Announcement announcement) {
    return afterCommit(instanceId, List.of(announcement));
  }
}
