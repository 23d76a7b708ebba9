package io.stepwise.messaging;

import io.smallrye.mutiny.Uni;
import io.stepwise.runtime.announce.Announcement;
import io.stepwise.runtime.announce.AnnouncementSink;
import jakarta.enterprise.context.ApplicationScoped;

/** Announcements as Kafka records: steps, timers and the lifecycle topic. */
@ApplicationScoped
public class KafkaAnnouncements implements AnnouncementSink {

  private final Publisher publisher;

  KafkaAnnouncements(Publisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public Uni<Void> send(Announcement announcement) {
    if (announcement instanceof Announcement.NextStep next) {
      return publisher.step(new StepMessage(next.instance(), next.seq()));
    } else if (announcement instanceof Announcement.WakeAt wake) {
      return publisher.timer(wake.instance(), wake.seq(), wake.dueAt());
    }
    Announcement.StatusChanged changed = (Announcement.StatusChanged) announcement;
    return publisher.lifecycle(
        changed.instance(),
        new LifecycleMessage(
            changed.workflow(),
            changed.instanceId(),
            changed.status().wireName(),
            changed.seq(),
            changed.at().toString(),
            changed.output(),
            changed.error()));
  }
}
