package io.stepwise.it;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged service as a separate OS process, as it is deployed: started, and killed with -9. */
public final class EngineProcess implements AutoCloseable {

  /**
   * How long a graceful stop may take: the service's 30 s shutdown timeout for work in flight, then
   * each of its seven Kafka consumers committing and leaving its group (a few seconds each, more
   * while another replica rebalances the same groups).
   */
  private static final Duration SHUTDOWN = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final String name;

  private EngineProcess(Process process, int port, String name) {
    this.process = process;
    this.port = port;
    this.name = name;
  }

  /** Starts the service on a free port with {@code config} as system properties; waits until ready. */
  public static EngineProcess start(String name, Map<String, String> config) {
    String jar = System.getProperty("stepwise.jar", "target/quarkus-app/quarkus-run.jar");
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Dquarkus.http.port=" + port));
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar));
    try {
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(new File("target/engine-" + name + ".log"))
          .start();
      EngineProcess engine = new EngineProcess(process, port, name);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> engine.api().get("/q/health/ready").statusCode() == 200);
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RequestSpecification api() {
    return RestAssured.given().port(port).contentType("application/json")
        .header("Authorization", "Bearer " + EngineProcesses.OPERATE_KEY);
  }

  /** SIGTERM: the service shuts down gracefully, as Kubernetes stops a pod. */
  public void stop() {
    process.destroy();
    await().atMost(SHUTDOWN).until(() -> !process.isAlive());
  }

  /** The HTTP status of a health endpoint (503 when down). */
  public int health(String which) {
    return api().get("/q/health/" + which).statusCode();
  }

  /** kill -9: no shutdown hook, no commit, no leaving the consumer group. */
  public void kill() {
    process.destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      await().atMost(SHUTDOWN).until(() -> !process.isAlive());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
