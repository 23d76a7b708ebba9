package io.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stepwise.httpclient.Instance;
import io.stepwise.httpclient.StepwiseHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample application of {@code src/it/sample-app} (Stepwise used as a library, built by the
 * invoker before this test) run as its team would run it: {@code java -jar}, on the embedded
 * default, driven by the plain Java HTTP client.
 */
class SampleAppIT {

  private static final Path JAR =
      Path.of(
          System.getProperty(
              "sample-app.jar", "target/it/sample-app/target/quarkus-app/quarkus-run.jar"));

  @BeforeAll
  static void theSampleWasBuilt() {
    // -Dinvoker.skip=true leaves the sample application out of the build, and so this test
    assumeTrue(
        !Boolean.getBoolean("invoker.skip") && Files.exists(JAR),
        "the sample application was not built");
  }

  @Test
  void theApplicationStartsOnTheEmbeddedDefaultAndRunsItsOwnWorkflow() throws IOException {
    Path home = Files.createTempDirectory("sample-app-");
    try (EngineProcess app =
        EngineProcess.start(
            JAR,
            "sample-app",
            Map.of(
                "stepwise.home",
                home.toString(),
                "stepwise.embedded.database",
                "stepwise_sample_app"),
            List.of(),
            started -> {})) {
      StepwiseHttpClient client = StepwiseHttpClient.connect(app.url());

      // its own workflow, and none of Stepwise's examples
      assertThat(client.workflows())
          .extracting(w -> w.path("name").asText())
          .containsExactly("invoice");

      String id = "inv-" + System.nanoTime();
      Instance created =
          client.createAndWait(
              "invoice",
              id,
              Map.of("customer", "ada@example.com", "cents", 500),
              Duration.ofSeconds(1));
      assertThat(created.ended()).isFalse(); // it waits up to 30 days for the payment
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.get("invoice", id).status().equals("waiting"));
      assertThat(client.get("invoice", id).json().path("steps").get(0).path("output").asText())
          .startsWith("msg-");

      client.sendEvent("invoice", id, "payment", Map.of("method", "transfer"));
      Instance paid = client.await("invoice", id, Duration.ofSeconds(30));
      assertThat(paid.status()).isEqualTo("complete");
      assertThat(paid.output(String.class)).isEqualTo("paid by transfer");
    }
  }

  @Test
  void withTheEmbeddedDefaultOffAndNothingConfiguredItRefusesToStartNamingTheSettings()
      throws Exception {
    Path log = Files.createTempFile("sample-app-refused", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstepwise.embedded.enabled=false",
                "-Dquarkus.http.port=0",
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // nothing configured: not even by the environment this test runs in
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("QUARKUS_DATASOURCE_"));
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS))
          .as("the application stops by itself")
          .isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(Files.readString(log))
          .contains("STEPWISE-006", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL");
    } finally {
      process.destroyForcibly();
    }
  }
}
