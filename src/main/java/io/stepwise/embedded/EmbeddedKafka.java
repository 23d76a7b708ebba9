package io.stepwise.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in this JVM: KRaft mode, one node that is broker and controller,
 * loopback only. For the local default and for tests; production uses an external cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** A user of the SASL/PLAIN listener. */
  public record SaslUser(String name, String password) {}

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String saslBootstrapServers;

  private EmbeddedKafka(
      KafkaRaftServer server, String bootstrapServers, String saslBootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.saslBootstrapServers = saslBootstrapServers;
  }

  /**
   * Starts a broker whose data lives in {@code dataDir} (formatted on first use).
   *
   * @param port the client port, or 0 for any free one
   */
  public static EmbeddedKafka start(Path dataDir, int port, int partitions) {
    return start(dataDir, port, partitions, null);
  }

  /**
   * Starts a broker with a SASL_PLAINTEXT listener (mechanism PLAIN, one user) besides the
   * plaintext one, which the broker keeps for itself: to check that clients authenticate.
   */
  public static EmbeddedKafka startWithSasl(Path dataDir, int partitions, SaslUser user) {
    return start(dataDir, 0, partitions, user);
  }

  private static EmbeddedKafka start(Path dataDir, int port, int partitions, SaslUser saslUser) {
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties props = new Properties();
    props.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                    + brokerPort
                    + ",CONTROLLER://127.0.0.1:"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", dataDir.toAbsolutePath().toString()),
            Map.entry("num.partitions", Integer.toString(partitions)),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "true")));
    int saslPort = saslUser == null ? 0 : freePort();
    if (saslUser != null) {
      String sasl = ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
      props.put("listeners", props.getProperty("listeners") + sasl);
      props.put("advertised.listeners", props.getProperty("advertised.listeners") + sasl);
      props.put(
          "listener.security.protocol.map",
          props.getProperty("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("sasl.enabled.mechanisms", "PLAIN");
      props.put(
          "listener.name.sasl_plaintext.plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
              + saslUser.name()
              + "=\""
              + saslUser.password()
              + "\";");
    }
    try {
      Files.createDirectories(dataDir);
      Path config = dataDir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(config)) {
        props.store(out, "embedded Stepwise broker");
      }
      // Formatted once: a restart keeps the cluster id, the topics and the messages in flight.
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        int formatted =
            StorageTool.execute(
                new String[] {
                  "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()
                },
                new PrintStream(OutputStream.nullOutputStream()));
        if (formatted != 0) {
          throw new IllegalStateException("could not format the Kafka storage in " + dataDir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(
        server, "127.0.0.1:" + brokerPort, saslUser == null ? null : "127.0.0.1:" + saslPort);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The SASL_PLAINTEXT listener, when started with one. */
  public String saslBootstrapServers() {
    return saslBootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return socket.isBound();
    } catch (IOException taken) {
      return false;
    }
  }
}
