package io.stepwise.messaging.inbound;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stepwise.messaging.KafkaTopics;
import io.stepwise.messaging.Topics;
import io.stepwise.runtime.EngineMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a record that can never be processed to the dead-letter topic, with where it came from
 * (topic, partition, offset, key) and why, so that it leaves its partition whatever happens.
 *
 * <p>A record the broker accepted may not fit, whole and with the reason headers, into the
 * dead-letter topic (a near-limit record on a topic that allows no more, a dead-letter topic made
 * elsewhere with smaller limits). Then a truncated copy is sent; when even that fails (the topic
 * unwritable), the record is skipped with an error line and {@code stepwise.messages.skipped}. The
 * answer never fails: one record must never stop a channel, nor turn liveness down.
 *
 * <p>The producer is Kafka's own, not a SmallRye emitter: an emitter's failed send counts against
 * its channel's liveness for good, which is exactly what one oversized record must not do.
 */
@ApplicationScoped
public class DeadLetters {

  /** What a truncated copy keeps of the value and of the key. */
  static final int TRUNCATED_VALUE_BYTES = 16 * 1024;

  static final int TRUNCATED_KEY_BYTES = 1024;
  private static final int MAX_REASON_CHARS = 2000;

  public static final String REASON = "dead-letter-reason";
  public static final String TOPIC = "dead-letter-topic";
  public static final String PARTITION = "dead-letter-partition";
  public static final String OFFSET = "dead-letter-offset";
  public static final String CHANNEL = "dead-letter-channel";

  /** On a truncated copy: the size in bytes of the original value. */
  public static final String TRUNCATED = "dead-letter-truncated-from";

  private static final Logger LOG = Logger.getLogger(DeadLetters.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final EngineMetrics metrics;

  DeadLetters(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
      @ConfigProperty(name = "stepwise.dead-letter.topic", defaultValue = Topics.DLQ) String topic,
      EngineMetrics metrics) {
    this.topic = topic;
    this.metrics = metrics;
    Map<String, Object> config = KafkaTopics.clientConfig(kafkaConfig);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DLQ_MAX_RECORD_BYTES);
    // An unwritable topic must not hold a channel for Kafka's default two minutes.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    // Not idempotent: a record the topic refuses (too large for it) leaves a gap in an idempotent
    // producer's sequence, and every later record to that partition then waits out the delivery
    // timeout (seen: 20 s each, whole and truncated, while the input behind them stood still). A
    // dead letter sent twice on a retry is harmless; an input held for 40 s per record is not.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "stepwise-dead-letters");
    this.producer = new KafkaProducer<>(config);
  }

  /**
   * Dead-letters the record {@code message} came from with {@code reason}: whole, else truncated,
   * else skipped. Completes (never fails) once the record may be acknowledged, on the caller's
   * Vert.x context when it has one.
   */
  public Uni<Void> send(Message<?> message, String channel, String reason) {
    IncomingKafkaRecordMetadata<?, ?> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    if (record == null) {
      LOG.errorf(
          "STEPWISE-045 a message of channel %s that came from no Kafka record was refused: %s",
          channel, reason);
      metrics.skipped(channel);
      return Uni.createFrom().voidItem();
    }
    Source source =
        new Source(
            channel,
            record.getTopic(),
            record.getPartition(),
            record.getOffset(),
            bytes(record.getKey()),
            bytes(message.getPayload()),
            record.getHeaders(),
            shorten(reason));
    Context context = Vertx.currentContext();
    Executor back =
        context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    return produce(whole(source))
        .invoke(() -> metrics.deadLettered(channel))
        .invoke(() -> LOG.debugf("STEPWISE-044 dead-lettered %s: %s", source, source.reason()))
        .onFailure()
        .recoverWithUni(
            wholeFailed -> {
              LOG.warnf(
                  "STEPWISE-046 record %s could not be dead-lettered whole (%s); sending a truncated copy",
                  source, wholeFailed.toString());
              return produce(truncated(source)).invoke(() -> metrics.deadLettered(channel));
            })
        .onFailure()
        .recoverWithItem(
            truncatedFailed -> {
              LOG.errorf(
                  "STEPWISE-047 record %s skipped: it could not be processed (%s) nor dead-lettered (%s)",
                  source, source.reason(), truncatedFailed.toString());
              metrics.skipped(channel);
              return null;
            })
        .emitOn(back);
  }

  /**
   * Dead-letters the record as {@link #send} does, then acknowledges it: it leaves its partition.
   */
  public Uni<Void> sendAndAck(Message<?> message, String channel, String reason) {
    return send(message, channel, reason)
        .chain(() -> Uni.createFrom().completionStage(message.ack()));
  }

  /** Where a refused record came from, what it held and why it was refused. */
  private record Source(
      String channel,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Iterable<Header> headers,
      String reason) {
    @Override
    public String toString() {
      return topic
          + "-"
          + partition
          + "@"
          + offset
          + " ("
          + (value == null ? 0 : value.length)
          + " bytes)";
    }
  }

  private ProducerRecord<byte[], byte[]> whole(Source source) {
    RecordHeaders headers = new RecordHeaders();
    if (source.headers() != null) {
      source.headers().forEach(headers::add);
    }
    return new ProducerRecord<>(
        topic, null, source.key(), source.value(), describe(headers, source));
  }

  private ProducerRecord<byte[], byte[]> truncated(Source source) {
    RecordHeaders headers = describe(new RecordHeaders(), source);
    headers.add(
        TRUNCATED, utf8(Integer.toString(source.value() == null ? 0 : source.value().length)));
    return new ProducerRecord<>(
        topic,
        null,
        cut(source.key(), TRUNCATED_KEY_BYTES),
        cut(source.value(), TRUNCATED_VALUE_BYTES),
        headers);
  }

  private static RecordHeaders describe(RecordHeaders headers, Source source) {
    headers.add(REASON, utf8(source.reason()));
    headers.add(TOPIC, utf8(source.topic()));
    headers.add(PARTITION, utf8(Integer.toString(source.partition())));
    headers.add(OFFSET, utf8(Long.toString(source.offset())));
    headers.add(CHANNEL, utf8(source.channel()));
    return headers;
  }

  /** Sends on a worker thread: the producer may block while it fetches the topic's metadata. */
  private Uni<Void> produce(ProducerRecord<byte[], byte[]> record) {
    return Uni.createFrom()
        .<Void>emitter(
            emitter -> {
              try {
                producer.send(
                    record,
                    (metadata, error) -> {
                      if (error == null) {
                        emitter.complete(null);
                      } else {
                        emitter.fail(error);
                      }
                    });
              } catch (RuntimeException refused) {
                emitter.fail(refused);
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] raw) {
      return raw;
    }
    return utf8(value.toString());
  }

  private static byte[] cut(byte[] value, int max) {
    return value == null || value.length <= max ? value : Arrays.copyOf(value, max);
  }

  private static String shorten(String reason) {
    String text = reason == null || reason.isBlank() ? "no reason given" : reason;
    return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @PreDestroy
  void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
