package io.stepwise.it;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The packaged service as a separate OS process, as it is deployed: started, and killed with -9.
 */
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

  /**
   * Starts the service on a free port with {@code config} as system properties; waits until ready.
   */
  public static EngineProcess start(String name, Map<String, String> config) {
    return start(name, config, List.of());
  }

  /** As {@link #start(String, Map)}, with extra JVM options. */
  public static EngineProcess start(
      String name, Map<String, String> config, List<String> jvmOptions) {
    return start(name, config, jvmOptions, started -> {});
  }

  /**
   * As {@link #start(String, Map, List)}, handing the process to {@code launched} as soon as it
   * runs, before it is ready (so it can be killed while it starts).
   */
  public static EngineProcess start(
      String name,
      Map<String, String> config,
      List<String> jvmOptions,
      Consumer<EngineProcess> launched) {
    return start(
        Path.of(System.getProperty("stepwise.jar", "target/quarkus-app/quarkus-run.jar")),
        name,
        config,
        jvmOptions,
        launched);
  }

  /** As {@link #start(String, Map, List, Consumer)}, for another application's runnable jar. */
  public static EngineProcess start(
      Path jar,
      String name,
      Map<String, String> config,
      List<String> jvmOptions,
      Consumer<EngineProcess> launched) {
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + port));
    command.addAll(jvmOptions);
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar.toString()));
    File log = new File("target/engine-" + name + ".log");
    try {
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
      EngineProcess engine = new EngineProcess(process, port, name);
      launched.accept(engine);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(
                () ->
                    !process.isAlive() || engine.api().get("/q/health/ready").statusCode() == 200);
      } catch (RuntimeException notReady) {
        process.destroyForcibly();
        throw notReady;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "engine "
                + name
                + " exited with "
                + process.exitValue()
                + " while starting; the end"
                + " of its log ("
                + log
                + "):\n"
                + tail(log, 40));
      }
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of a log, to say why a process stopped (or that it wrote nothing at all). */
  private static String tail(File log, int lines) {
    try {
      List<String> all = Files.readAllLines(log.toPath());
      return all.isEmpty()
          ? "(empty)"
          : String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The service's base URL, as a client outside the test would use it. */
  public String url() {
    return "http://localhost:" + port;
  }

  public RequestSpecification api() {
    return RestAssured.given()
        .port(port)
        .contentType("application/json")
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

  /**
   * SIGSTOP: the process freezes mid-work, as in a long GC pause or a network split; its consumers
   * miss their heartbeats and its partitions move to the other members.
   */
  public void freeze() {
    signal("STOP");
  }

  /** SIGCONT: the frozen process goes on where it stopped — a zombie, until it notices. */
  public void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      int code =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
      if (code != 0 && process.isAlive()) {
        throw new IllegalStateException(
            "kill -" + name + " " + process.pid() + " exited with " + code);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** CPU time the process has used so far (user and system, all threads). */
  public Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  public int port() {
    return port;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits until the process has ended and answers its exit code. */
  public int exitCode() throws InterruptedException {
    return process.waitFor();
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
