package io.stepwise;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Holds the borders between the user API, the engine and the adapters at the edge. */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.stepwise");

  private static final String[] INFRASTRUCTURE = {
    "org.apache.kafka..", "kafka..", "io.smallrye.reactive.messaging..", "org.hibernate..",
    "jakarta.persistence..", "io.quarkus..", "io.vertx..", "jakarta.ws.rs..", "org.eclipse.microprofile.."
  };

  @Test
  void theUserApiKnowsNoInfrastructureAndNoEngine() {
    noClasses().that().resideInAPackage("io.stepwise.api..")
        .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "io.stepwise.engine..", "io.stepwise.runtime..", "io.stepwise.persistence..", "io.stepwise.messaging..")
        .check(CLASSES);
  }

  @Test
  void theEngineIsPure() {
    noClasses().that().resideInAPackage("io.stepwise.engine..")
        .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "io.stepwise.runtime..", "io.stepwise.persistence..", "io.stepwise.messaging..", "io.stepwise.rest..",
            "io.stepwise.timers..")
        .check(CLASSES);
  }

  @Test
  void examplesUseOnlyTheUserApi() {
    noClasses().that().resideInAPackage("io.stepwise.examples..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.stepwise.engine..", "io.stepwise.runtime..", "io.stepwise.persistence..", "io.stepwise.messaging..",
            "org.apache.kafka..", "org.hibernate..")
        .check(CLASSES);
  }

  @Test
  void theCommandLineSpeaksOnlyHttp() {
    noClasses().that().resideInAPackage("io.stepwise.cli..").and().doNotHaveSimpleName("TopicPublisher")
        .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "io.stepwise.api..", "io.stepwise.engine..", "io.stepwise.runtime..", "io.stepwise.persistence..",
            "io.stepwise.messaging..", "io.stepwise.rest..", "io.stepwise.client..")
        .check(CLASSES);
  }

  /** --via-kafka: one class of the command line publishes records, with Kafka's producer only. */
  @Test
  void theCommandLinesKafkaPartIsOneProducer() {
    noClasses().that().haveSimpleName("TopicPublisher")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.smallrye..", "io.quarkus..", "io.vertx..", "org.apache.kafka.clients.consumer..", "io.stepwise.messaging..")
        .check(CLASSES);
  }

  /** Other JVM programs use it without Quarkus: only the JDK and Jackson. */
  @Test
  void theHttpClientNeedsOnlyTheJdkAndJackson() {
    classes().that().resideInAPackage("io.stepwise.httpclient..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "io.stepwise.httpclient..", "java..", "com.fasterxml.jackson..")
        .check(CLASSES);
  }

  @Test
  void theRuntimeAnnouncesThroughItsOwnInterfaceNotThroughKafka() {
    noClasses().that().resideInAPackage("io.stepwise.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("io.stepwise.messaging..", "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void noPackagesDependOnEachOtherInACycle() {
    slices().matching("io.stepwise.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
