package io.stepwise.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** An event record without an id is named by the record, so a redelivery is stored once. */
class EventRecordIdTest {

  private static Message<byte[]> record(int partition, long offset, long timestamp) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            "stepwise.events",
            partition,
            offset,
            timestamp,
            TimestampType.CREATE_TIME,
            0,
            0,
            "instance-1",
            new byte[0],
            new RecordHeaders(),
            Optional.empty());
    return Message.of(
        new byte[0], Metadata.of(new IncomingKafkaRecordMetadata<>(record, "events-in")));
  }

  @Test
  void theSameRecordDeliveredAgainHasTheSameIdAndOtherRecordsOthers() {
    String first = EventConsumer.recordId(record(3, 42, 1_000));

    assertThat(EventConsumer.recordId(record(3, 42, 1_000))).isEqualTo(first);
    assertThat(EventConsumer.recordId(record(3, 43, 1_000))).as("next offset").isNotEqualTo(first);
    assertThat(EventConsumer.recordId(record(4, 42, 1_000)))
        .as("other partition")
        .isNotEqualTo(first);
    assertThat(EventConsumer.recordId(record(3, 42, 2_000)))
        .as("a re-created topic's record at an offset used before")
        .isNotEqualTo(first);
  }

  @Test
  void aMessageFromNoRecordHasNoId() {
    assertThat(EventConsumer.recordId(Message.of(new byte[0]))).isNull();
  }
}
