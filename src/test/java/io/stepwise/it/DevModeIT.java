package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mvnw quarkus:dev} on a copy of this project: it starts with the embedded default
 * services, and a workflow class added while it runs is live once the next request comes.
 */
class DevModeIT {

  static final String NEW_WORKFLOW =
      """
      package io.stepwise.examples;

      import io.stepwise.api.Workflow;
      import io.stepwise.api.WorkflowEvent;
      import io.stepwise.api.WorkflowName;
      import io.stepwise.api.WorkflowStep;
      import jakarta.enterprise.context.ApplicationScoped;

      @WorkflowName("added-while-running")
      @ApplicationScoped
      public class AddedWhileRunning implements Workflow<Void, String> {
        @Override
        public String run(WorkflowEvent<Void> event, WorkflowStep step) {
          return step.run("greet", String.class, ctx -> "hello from live reload");
        }
      }
      """;

  @Test
  void devModeRunsOnTheEmbeddedServicesAndReloadsANewWorkflow() throws Exception {
    Path project = Files.createTempDirectory("stepwise-dev-");
    copyProject(Path.of("").toAbsolutePath(), project);
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "./mvnw",
                    "-B",
                    "quarkus:dev",
                    "-Dquarkus.console.enabled=false",
                    "-Ddebug=false",
                    "-Dquarkus.http.port=" + port,
                    "-Dstepwise.home=" + project.resolve("home")))
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(new File("target/dev-mode.log"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process dev = builder.start();
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> RestAssured.given().port(port).get("/q/health/ready").statusCode() == 200);
      String log = Files.readString(Path.of("target/dev-mode.log"));
      assertThat(log)
          .contains(
              "STEPWISE-002 embedded Kafka broker",
              "Profile dev activated. Live Coding activated.");
      assertThat(RestAssured.given().port(port).get("/api/workflows").jsonPath().getList("name"))
          .contains("chain")
          .doesNotContain("added-while-running");

      Files.writeString(
          project.resolve("src/main/java/io/stepwise/examples/AddedWhileRunning.java"),
          NEW_WORKFLOW);

      // Dev mode looks for changes when a request comes, and recompiles and restarts before
      // answering it.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () ->
                  RestAssured.given()
                      .port(port)
                      .get("/api/workflows")
                      .jsonPath()
                      .getList("name")
                      .contains("added-while-running"));
      String id =
          RestAssured.given()
              .port(port)
              .contentType("application/json")
              .body("{}")
              .post("/api/workflows/added-while-running/instances")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  "complete"
                      .equals(
                          RestAssured.given()
                              .port(port)
                              .get("/api/workflows/added-while-running/instances/" + id)
                              .path("status")));
      assertThat(
              RestAssured.given()
                  .port(port)
                  .get("/api/workflows/added-while-running/instances/" + id)
                  .path("output")
                  .toString())
          .isEqualTo("hello from live reload");
      // Dev mode uses the developer's local database: leave nothing behind in it.
      RestAssured.given()
          .port(port)
          .delete("/api/workflows/added-while-running/instances/" + id)
          .then()
          .statusCode(204);
    } finally {
      dev.descendants().forEach(ProcessHandle::destroy);
      dev.destroy();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> !dev.isAlive() && dev.descendants().noneMatch(ProcessHandle::isAlive));
    }
  }

  /** The sources and the build, not the outputs: a fresh checkout as a developer has it. */
  private static void copyProject(Path from, Path to) throws IOException {
    for (String part : List.of("pom.xml", "mvnw", ".mvn", "src/main")) {
      Path source = from.resolve(part);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
          Path target = to.resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
