package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stepwise.embedded.EmbeddedKafka;
import io.stepwise.embedded.LocalPostgres;
import io.stepwise.messaging.Topics;
import io.stepwise.timers.TimerTiers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No record stops an input, on the packaged service and a default broker: on every input topic
 * (triggers, events, steps, every timer tier) and every partition, a record of 1,048,500 bytes, one
 * of the broker's largest size and one of garbage bytes, each followed by good records. The good
 * records are handled, the bad ones are in the dead-letter topic with where they came from and why,
 * liveness stays 200 — and the same after the service is killed and started again, with a
 * dead-letter topic too small for whole copies (truncated copies), and with one that takes no copy
 * at all (the records are skipped and counted).
 */
class PoisonRecordsIT {

  private static final String DATABASE = "stepwise_poison_it";
  private static final int PARTITIONS = 2;

  /** Kafka's default {@code message.max.bytes}: the largest record batch a default broker takes. */
  private static final int BROKER_MAX_BATCH = 1_048_588;

  private static final int NEAR_LIMIT = 1_048_500;
  private static final int APPROVAL_TIMEOUT_SECONDS = 55;
  private static final String SMALL_DLQ = "stepwise.dlq.small";
  private static final String TINY_DLQ = "stepwise.dlq.tiny";
  private static final List<String> INPUTS = inputs();

  private static EmbeddedKafka kafka;
  private static LocalPostgres.Server pg;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void services() throws Exception {
    Path dir = Files.createTempDirectory("stepwise-poison-");
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, PARTITIONS);
    pg = LocalPostgres.findOrStart(dir.resolve("postgres"));
    EngineProcesses.recreateDatabase(pg, DATABASE);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                // above the broker's limit, so that the broker is what refuses a record one byte
                // too large
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                4 * BROKER_MAX_BATCH));
    // Dead-letter topics made elsewhere: one with a default broker's record limit, one that takes
    // no record at all.
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(SMALL_DLQ, PARTITIONS, (short) 1),
                  new NewTopic(TINY_DLQ, PARTITIONS, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "16"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    producer.close();
    kafka.close();
  }

  @Test
  void everyRecordLeavesItsPartitionAndTheInputsGoOnThroughRestarts() throws Exception {
    try (EngineProcess engine = start("poison-whole", Topics.DLQ)) {
      List<Poison> poison = sendPoisonThenGoodRecords(engine, "whole");
      List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(Topics.DLQ, poison);
      for (Poison sent : poison) {
        ConsumerRecord<byte[], byte[]> copy = copyOf(dead, sent);
        assertThat(copy.value()).as("%s dead-lettered whole", sent).isEqualTo(sent.value());
        assertThat(header(copy, "dead-letter-truncated-from")).as(sent.toString()).isNull();
      }
      assertThat(engine.health("live")).isEqualTo(200);
      engine.kill();
    }

    // Killed: records read since the last offset commit are read again, and still cannot stop an
    // input.
    try (EngineProcess engine = start("poison-truncated", SMALL_DLQ)) {
      List<Poison> poison = sendPoisonThenGoodRecords(engine, "truncated");
      List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(SMALL_DLQ, poison);
      for (Poison sent : poison) {
        ConsumerRecord<byte[], byte[]> copy = copyOf(dead, sent);
        if (sent.value().length > 1_000_000) {
          assertThat(header(copy, "dead-letter-truncated-from"))
              .as(sent.toString())
              .isEqualTo(Integer.toString(sent.value().length));
          assertThat(sent.value()).as(sent.toString()).startsWith(copy.value());
          assertThat(copy.value().length).isLessThan(sent.value().length);
        } else {
          assertThat(copy.value()).as("%s dead-lettered whole", sent).isEqualTo(sent.value());
        }
      }
      assertThat(engine.health("live")).isEqualTo(200);
    }

    try (EngineProcess engine = start("poison-skipped", TINY_DLQ)) {
      List<Poison> poison = sendPoisonThenGoodRecords(engine, "skipped");
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> sum(metrics(engine), "stepwise_messages_skipped_total") >= poison.size());
      assertThat(engine.health("live")).isEqualTo(200);
    }
  }

  private static EngineProcess start(String name, String deadLetterTopic) {
    return EngineProcess.start(
        name,
        EngineProcesses.config(
            kafka,
            pg,
            DATABASE,
            Map.of(
                "stepwise.kafka.partitions",
                Integer.toString(PARTITIONS),
                "stepwise.dead-letter.topic",
                deadLetterTopic,
                "quarkus.log.level",
                "INFO")));
  }

  /** A refused record as sent: where it went and what it held. */
  private record Poison(String kind, String topic, int partition, long offset, byte[] value) {
    @Override
    public String toString() {
      return kind + " on " + topic + "-" + partition + "@" + offset;
    }
  }

  /**
   * Sends the three kinds of poison to every partition of every input, then good records behind
   * them on the same partitions, and waits until every good record was handled.
   */
  private static List<Poison> sendPoisonThenGoodRecords(EngineProcess engine, String round)
      throws Exception {
    int valueAtBrokerMax = largestValueTheBrokerTakes();
    List<Poison> poison = new ArrayList<>();
    for (String topic : INPUTS) {
      for (int partition = 0; partition < PARTITIONS; partition++) {
        String marker = round + "/" + topic + "/" + partition;
        poison.add(send("near-limit", topic, partition, refusedJson(topic, marker, NEAR_LIMIT)));
        poison.add(
            send("broker-max", topic, partition, refusedJson(topic, marker, valueAtBrokerMax)));
        poison.add(send("garbage", topic, partition, garbage(marker)));
      }
    }
    // one byte more than the largest is refused by the broker: the largest is the broker's maximum
    String topicOfMax = INPUTS.get(0);
    assertThatThrownBy(
            () ->
                send("over", topicOfMax, 0, refusedJson(topicOfMax, "over", valueAtBrokerMax + 1)))
        .hasCauseInstanceOf(RecordTooLargeException.class);

    // Instances that wait for the good events. Their event timeout puts their timers in the
    // 10-second
    // tier, whose partitions then pause until those timers are ready (an ordered tier reads nothing
    // ahead of its head): a short timeout keeps that pause inside the offset wait below, as the
    // engine's default of an hour would keep a 10-minute tier paused for ten minutes.
    List<String> approvals = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      approvals.add(
          engine
              .api()
              .body("{\"params\":{\"timeoutSeconds\":" + APPROVAL_TIMEOUT_SECONDS + "}}")
              .post("/api/workflows/approval/instances")
              .then()
              .statusCode(201)
              .extract()
              .path("id"));
    }
    List<Poison> good = new ArrayList<>();
    long now = System.currentTimeMillis();
    List<String> triggered = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      String id = round + "-trigger-" + partition;
      triggered.add(id);
      send(
          "good",
          Topics.TRIGGERS,
          partition,
          "{\"workflow\":\"sleepy\",\"id\":\"" + id + "\",\"params\":{\"seconds\":0.2}}");
      send(
          "good",
          Topics.EVENTS,
          partition,
          "{\"workflow\":\"approval\",\"id\":\""
              + approvals.get(partition)
              + "\",\"type\":\"approval\",\"payload\":\""
              + round
              + "\"}");
      // a well-formed step and timers of an instance that does not exist: handled and dropped
      good.add(
          send(
              "good",
              Topics.STEPS,
              partition,
              "{\"instance\":" + (Long.MAX_VALUE - partition) + ",\"seq\":1}"));
      for (String tier : INPUTS.subList(3, INPUTS.size())) {
        good.add(
            send(
                "good",
                tier,
                partition,
                "{\"instance\":"
                    + (Long.MAX_VALUE - partition)
                    + ",\"seq\":1,\"dueAt\":"
                    + now
                    + ",\"enqueuedAt\":"
                    + now
                    + "}"));
      }
    }

    for (String id : triggered) {
      awaitStatus(engine, "sleepy", id, "complete");
    }
    for (String id : approvals) {
      awaitStatus(engine, "approval", id, "complete");
      assertThat(
              engine
                  .api()
                  .get("/api/workflows/approval/instances/" + id)
                  .jsonPath()
                  .getString("output"))
          .isEqualTo(round);
    }
    // the good step and timer records were handled: their consumer groups committed past them
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(APPROVAL_TIMEOUT_SECONDS + 45))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
                committed.putAll(
                    admin
                        .listConsumerGroupOffsets("stepwise-steps")
                        .partitionsToOffsetAndMetadata()
                        .get());
                committed.putAll(
                    admin
                        .listConsumerGroupOffsets("stepwise-timers")
                        .partitionsToOffsetAndMetadata()
                        .get());
                for (Poison sent : good) {
                  OffsetAndMetadata offset =
                      committed.get(new TopicPartition(sent.topic(), sent.partition()));
                  assertThat(offset).as("committed offset of %s", sent).isNotNull();
                  assertThat(offset.offset())
                      .as("committed offset of %s", sent)
                      .isGreaterThan(sent.offset());
                }
              });
    }
    assertThat(engine.health("live")).isEqualTo(200);
    return poison;
  }

  private static void awaitStatus(EngineProcess engine, String workflow, String id, String status) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () ->
                engine
                    .api()
                    .get("/api/workflows/" + workflow + "/instances/" + id)
                    .jsonPath()
                    .getString("status"),
            status::equals);
  }

  private static List<String> inputs() {
    List<String> topics = new ArrayList<>(List.of(Topics.TRIGGERS, Topics.EVENTS, Topics.STEPS));
    topics.addAll(TimerTiers.DEFAULT.topics());
    return topics;
  }

  /**
   * JSON of exactly {@code size} bytes that its topic refuses: a trigger of a workflow that does
   * not exist, an event for an instance that does not exist, an engine message far over its limit.
   */
  private static byte[] refusedJson(String topic, String marker, int size) {
    String head =
        topic.equals(Topics.TRIGGERS)
            ? "{\"workflow\":\"no-such-workflow\",\"id\":\"" + marker + "\",\"params\":{\"pad\":\""
            : topic.equals(Topics.EVENTS)
                ? "{\"workflow\":\"approval\",\"id\":\""
                    + marker
                    + "\",\"type\":\"approval\",\"payload\":\""
                : "{\"instance\":1,\"seq\":1,\"marker\":\"" + marker + "\",\"pad\":\"";
    String tail = topic.equals(Topics.TRIGGERS) ? "\"}}" : "\"}";
    byte[] value = new byte[size];
    byte[] start = head.getBytes(StandardCharsets.UTF_8);
    byte[] end = tail.getBytes(StandardCharsets.UTF_8);
    Arrays.fill(value, (byte) 'x');
    System.arraycopy(start, 0, value, 0, start.length);
    System.arraycopy(end, 0, value, size - end.length, end.length);
    return value;
  }

  /** Bytes that are not UTF-8 (nor JSON), after a readable marker. */
  private static byte[] garbage(String marker) {
    byte[] random = new byte[4096];
    new Random(marker.hashCode()).nextBytes(random);
    random[0] = (byte) 0xC3; // a lead byte followed by one that cannot continue it
    random[1] = (byte) 0x28;
    byte[] start = marker.getBytes(StandardCharsets.UTF_8);
    byte[] value = Arrays.copyOf(start, start.length + random.length);
    System.arraycopy(random, 0, value, start.length, random.length);
    return value;
  }

  /** The largest value, without key or headers, whose record batch a default broker accepts. */
  private static int largestValueTheBrokerTakes() {
    int value = BROKER_MAX_BATCH;
    while (DefaultRecordBatch.RECORD_BATCH_OVERHEAD
            + DefaultRecord.sizeInBytes(0, 0L, -1, value, new Header[0])
        > BROKER_MAX_BATCH) {
      value--;
    }
    return value;
  }

  private static Poison send(String kind, String topic, int partition, String value)
      throws Exception {
    return send(kind, topic, partition, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Poison send(String kind, String topic, int partition, byte[] value)
      throws ExecutionException, InterruptedException {
    RecordMetadata sent = producer.send(new ProducerRecord<>(topic, partition, null, value)).get();
    return new Poison(kind, topic, partition, sent.offset(), value);
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(
      String topic, List<Poison> poison) {
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "poison-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return poison.stream()
                    .allMatch(sent -> dead.stream().anyMatch(copy -> isCopyOf(copy, sent)));
              });
    }
    return dead;
  }

  private static ConsumerRecord<byte[], byte[]> copyOf(
      List<ConsumerRecord<byte[], byte[]>> dead, Poison sent) {
    ConsumerRecord<byte[], byte[]> copy =
        dead.stream().filter(record -> isCopyOf(record, sent)).findFirst().orElseThrow();
    assertThat(header(copy, "dead-letter-reason")).as("reason of %s", sent).isNotBlank();
    assertThat(header(copy, "dead-letter-reason"))
        .as("reason of %s", sent)
        .contains(expectedReason(sent));
    return copy;
  }

  private static String expectedReason(Poison sent) {
    if (sent.kind().equals("garbage")) {
      return "not UTF-8";
    }
    return switch (sent.topic()) {
      case Topics.TRIGGERS -> "no workflow named 'no-such-workflow'";
      case Topics.EVENTS -> "no instance";
      default -> "over the limit";
    };
  }

  private static boolean isCopyOf(ConsumerRecord<byte[], byte[]> copy, Poison sent) {
    return sent.topic().equals(header(copy, "dead-letter-topic"))
        && Integer.toString(sent.partition()).equals(header(copy, "dead-letter-partition"))
        && Long.toString(sent.offset()).equals(header(copy, "dead-letter-offset"));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Headers headers = record.headers();
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String metrics(EngineProcess engine) {
    return engine.api().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  /** The sum of a counter over all its tags (a line may end with an exemplar after the value). */
  private static double sum(String metrics, String counter) {
    Matcher matcher =
        Pattern.compile("^" + counter + "(\\{[^}]*\\})? (\\S+)", Pattern.MULTILINE)
            .matcher(metrics);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(2));
    }
    return sum;
  }
}
