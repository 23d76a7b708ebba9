package io.stepwise.cli;

import picocli.CommandLine.Option;

/**
 * {@code --via-kafka}: the command publishes its record on the service's input topic instead of
 * calling the REST API, as another service's producer would.
 */
final class KafkaOptions {

  @Option(
      names = "--via-kafka",
      description =
          "Publish the record on the service's Kafka topic (stepwise.triggers, stepwise.events) instead of"
              + " calling its REST API; the service acts on it when it reads it.")
  boolean viaKafka;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description =
          "The Kafka cluster for --via-kafka (default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092).")
  String bootstrapServers;

  String bootstrapServers() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return bootstrapServers;
    }
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    return env != null && !env.isBlank() ? env : "localhost:9092";
  }
}
