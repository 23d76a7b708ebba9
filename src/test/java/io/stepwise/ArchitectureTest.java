package io.stepwise;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the borders of CONTRIBUTING.md's "Where things live": each package of io.stepwise uses only
 * the packages its row names (and itself), the packages form no cycle, and the layers that need
 * Kafka, Hibernate or HTTP are the only ones that reach them.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.stepwise");

  private static final String[] INFRASTRUCTURE = {
    "org.apache.kafka..",
    "kafka..",
    "io.smallrye.reactive.messaging..",
    "org.hibernate..",
    "jakarta.persistence..",
    "io.quarkus..",
    "io.vertx..",
    "jakarta.ws.rs..",
    "org.eclipse.microprofile.."
  };

  // One rule per row of the table: the io.stepwise packages each package may use.

  @Test
  void api() {
    mayUse("api").check(CLASSES);
  }

  @Test
  void engine() {
    mayUse("engine", "api").check(CLASSES);
  }

  @Test
  void errors() {
    mayUse("errors").check(CLASSES);
  }

  @Test
  void faults() {
    mayUse("faults").check(CLASSES);
  }

  @Test
  void timers() {
    mayUse("timers").check(CLASSES);
  }

  @Test
  void introspection() {
    mayUse("introspection", "api", "engine").check(CLASSES);
  }

  @Test
  void persistence() {
    mayUse("persistence", "engine", "errors").check(CLASSES);
  }

  /** runtime.announce included: its own seam, which messaging implements, is part of runtime. */
  @Test
  void runtime() {
    mayUse("runtime", "api", "engine", "errors", "faults", "introspection", "persistence", "timers")
        .check(CLASSES);
  }

  /** Kafka out: the package itself, without messaging.inbound, which it does not know. */
  @Test
  void messaging() {
    mayUseOnly(
            "io.stepwise.messaging", /* may use */
            "io.stepwise.messaging",
            "io.stepwise.engine..",
            "io.stepwise.runtime.announce..",
            "io.stepwise.timers..")
        .check(CLASSES);
  }

  @Test
  void messagingInbound() {
    mayUse(
            "messaging.inbound",
            "messaging",
            "operations",
            "runtime",
            "persistence",
            "engine",
            "errors",
            "faults",
            "timers")
        .check(CLASSES);
  }

  @Test
  void schedules() {
    mayUse("schedules", "api", "runtime", "errors").check(CLASSES);
  }

  @Test
  void operations() {
    mayUse("operations", "runtime", "persistence", "engine", "errors", "faults").check(CLASSES);
  }

  /** REST talks to the operations layer: no persistence, no timers, no runtime internals. */
  @Test
  void rest() {
    mayUse("rest", "operations", "security", "engine", "errors").check(CLASSES);
  }

  @Test
  void health() {
    mayUse("health").check(CLASSES);
  }

  @Test
  void security() {
    mayUse("security").check(CLASSES);
  }

  @Test
  void embedded() {
    mayUse("embedded").check(CLASSES);
  }

  @Test
  void examples() {
    mayUse("examples", "api").check(CLASSES);
  }

  @Test
  void verification() {
    mayUse("verification", "api").check(CLASSES);
  }

  @Test
  void httpclient() {
    mayUse("httpclient").check(CLASSES);
  }

  @Test
  void cli() {
    mayUse("cli", "httpclient").check(CLASSES);
  }

  @Test
  void dashboard() {
    mayUse("dashboard").check(CLASSES);
  }

  /** Every package of the service has a row above: a new package needs one. */
  @Test
  void everyPackageHasARow() {
    classes()
        .should()
        .resideInAnyPackage(
            Stream.of(ROWS).map(row -> "io.stepwise." + row + "..").toArray(String[]::new))
        .check(CLASSES);
  }

  private static final String[] ROWS = {
    "api", "engine", "errors", "faults", "timers", "introspection", "persistence", "runtime",
        "messaging", "schedules",
    "operations", "rest", "health", "security", "embedded", "examples", "verification",
        "httpclient", "cli", "dashboard"
  };

  /**
   * Sub-packages are part of their parent here (runtime.announce of runtime, messaging.inbound of
   * messaging).
   */
  @Test
  void noPackagesDependOnEachOtherInACycle() {
    slices().matching("io.stepwise.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  /**
   * A managed entity is only safe inside its session: the layers above get records (StoredInstance,
   * StepState…).
   */
  @Test
  void entitiesStayInPersistence() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.stepwise.persistence..")
        .should()
        .dependOnClassesThat()
        .areAnnotatedWith("jakarta.persistence.Entity")
        .check(CLASSES);
  }

  // Libraries

  @Test
  void theUserApiKnowsNoInfrastructure() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .check(CLASSES);
  }

  @Test
  void theEngineIsPure() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .check(CLASSES);
  }

  @Test
  void examplesUseNoInfrastructure() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.examples..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "org.hibernate..")
        .check(CLASSES);
  }

  @Test
  void theCommandLineSpeaksOnlyHttp() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.cli..")
        .and()
        .doNotHaveSimpleName("TopicPublisher")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .check(CLASSES);
  }

  /** --via-kafka: one class of the command line publishes records, with Kafka's producer only. */
  @Test
  void theCommandLinesKafkaPartIsOneProducer() {
    noClasses()
        .that()
        .haveSimpleName("TopicPublisher")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.smallrye..",
            "io.quarkus..",
            "io.vertx..",
            "org.apache.kafka.clients.consumer..",
            "io.stepwise.messaging..")
        .check(CLASSES);
  }

  /** Other JVM programs use it without Quarkus: only the JDK and Jackson. */
  @Test
  void theHttpClientNeedsOnlyTheJdkAndJackson() {
    classes()
        .that()
        .resideInAPackage("io.stepwise.httpclient..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.stepwise.httpclient..", "java..", "com.fasterxml.jackson..")
        .check(CLASSES);
  }

  @Test
  void theRuntimeAnnouncesThroughItsOwnInterfaceNotThroughKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .check(CLASSES);
  }

  /**
   * The classes of {@code io.stepwise.<row>} (and below) use no io.stepwise package but their own
   * and {@code allowed}.
   */
  private static ArchRule mayUse(String row, String... allowed) {
    String own = "io.stepwise." + row + "..";
    return mayUseOnly(
        own,
        Stream.concat(Stream.of(own), Stream.of(allowed).map(a -> "io.stepwise." + a + ".."))
            .toArray(String[]::new));
  }

  private static ArchRule mayUseOnly(String classesIn, String... allowed) {
    return noClasses()
        .that()
        .resideInAPackage(classesIn)
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.stepwise..").and(not(resideInAnyPackage(allowed))))
        .as(
            "classes in "
                + classesIn
                + " use no io.stepwise package but "
                + String.join(", ", allowed));
  }
}
