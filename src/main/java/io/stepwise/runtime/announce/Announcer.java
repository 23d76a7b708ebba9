package io.stepwise.runtime.announce;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Announces what a committed change means, for every place that commits one (the step path, the
 * create and command paths, the sweeper), with one failure policy: retried with back-off, then
 * logged and left to the sweeper, which finds the instance from the database. It never fails:
 * once the change is committed, the caller's answer must not depend on the broker.
 *
 * <p>Status changes are also signalled in this process at once ({@link InstanceSignals}), so a
 * create-and-wait request answered here does not wait for the lifecycle topic.
 */
@ApplicationScoped
public class Announcer {

  private static final Logger LOG = Logger.getLogger(Announcer.class);

  private final AnnouncementSink sink;
  private final InstanceSignals signals;

  Announcer(AnnouncementSink sink, InstanceSignals signals) {
    this.sink = sink;
    this.signals = signals;
  }

  /** Announces {@code announcements} of the instance {@code instanceId}, in order. Never fails. */
  public Uni<Void> afterCommit(String instanceId, List<? extends Announcement> announcements) {
    if (announcements.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    announcements.forEach(signals::announced);
    Uni<Void> all = Uni.createFrom().voidItem();
    for (Announcement announcement : announcements) {
      all = all.chain(() -> sink.send(announcement));
    }
    return all
        .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2)).atMost(5)
        .onFailure().recoverWithItem(error -> {
          LOG.warnf(error, "STEPWISE-012 could not announce a committed change of instance %s; the sweeper will",
              instanceId);
          return null;
        });
  }

  /** Announces one change. Never fails. */
  public Uni<Void> afterCommit(String instanceId, Announcement announcement) {
    return afterCommit(instanceId, List.of(announcement));
  }
}
