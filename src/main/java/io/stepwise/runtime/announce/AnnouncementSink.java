package io.stepwise.runtime.announce;

import io.smallrye.mutiny.Uni;

/**
 * Where announcements go: the messaging adapter implements it over Kafka. Completes when the broker
 * has the announcement; may fail, which {@link Announcer} handles.
 */
public interface AnnouncementSink {

  Uni<Void> send(Announcement announcement);
}
