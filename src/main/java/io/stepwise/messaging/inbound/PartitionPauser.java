package io.stepwise.messaging.inbound;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Pauses a timer partition until its held messages are ready and resumes it on a Vert.x timer: no
 * polling loop, no blocked thread. The connector's own pause/resume is off for the timer channel
 * ({@code pause-if-no-requests=false}) so it never resumes what this class paused.
 */
@ApplicationScoped
public class PartitionPauser {

  static final String CHANNEL = "timers-in";

  private static final Logger LOG = Logger.getLogger(PartitionPauser.class);

  private final KafkaClientService clients;
  private final Vertx vertx;
  private final Clock clock;
  private final Map<TopicPartition, Long> resumeTimers = new ConcurrentHashMap<>();

  PartitionPauser(KafkaClientService clients, Vertx vertx, Clock clock) {
    this.clients = clients;
    this.vertx = vertx;
    this.clock = clock;
  }

  /** Pauses {@code partition} and resumes it at {@code until} (moving an earlier resume later). */
  public void pauseUntil(TopicPartition partition, Instant until) {
    KafkaConsumer<Object, Object> consumer = clients.getConsumer(CHANNEL);
    long delay = Math.max(1, Duration.between(clock.instant(), until).toMillis());
    Long previous = resumeTimers.put(partition, vertx.setTimer(delay, id -> resume(partition, id)));
    if (previous != null) {
      vertx.cancelTimer(previous);
      return;
    }
    consumer
        .runOnPollingThread(
            c -> {
              if (c.assignment().contains(partition)) {
                c.pause(Set.of(partition));
              }
            })
        .subscribe()
        .with(ok -> {}, error -> LOG.warnf(error, "STEPWISE-040 could not pause %s", partition));
  }

  private void resume(TopicPartition partition, long timerId) {
    if (!resumeTimers.remove(partition, timerId)) {
      return;
    }
    clients
        .getConsumer(CHANNEL)
        .runOnPollingThread(
            c -> {
              if (c.assignment().contains(partition)) {
                c.resume(Set.of(partition));
              }
            })
        .subscribe()
        .with(ok -> {}, error -> LOG.warnf(error, "STEPWISE-041 could not resume %s", partition));
  }
}
