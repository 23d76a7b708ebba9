package io.stepwise.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code stepwise}: the command-line client of a Stepwise service, over its REST API. The API key
 * comes from {@code STEPWISE_API_KEY} (never an option, so it stays out of shell history).
 */
@Command(
    name = "stepwise",
    mixinStandardHelpOptions = true,
    versionProvider = StepwiseCli.Version.class,
    description = "Runs, inspects and operates Stepwise workflows over the service's REST API.",
    footer = {
      "",
      "Environment: STEPWISE_URL (the service, default http://localhost:8080),",
      "             STEPWISE_API_KEY (sent as 'Authorization: Bearer <key>' when set).",
      "Exit codes: 0 done, 1 refused by the service (4xx), 2 wrong usage, 3 service unreachable or failing (5xx)."
    },
    subcommands = {WorkflowsCommand.class, TriggerCommand.class, InstancesCommand.class})
public final class StepwiseCli {

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "The Stepwise service (default: $STEPWISE_URL or http://localhost:8080).")
  String url;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the service's JSON instead of tables, for scripts.")
  boolean json;

  private final String envUrl;
  private final String envApiKey;

  StepwiseCli(String envUrl, String envApiKey) {
    this.envUrl = envUrl;
    this.envApiKey = envApiKey;
  }

  public static void main(String... args) {
    System.exit(
        run(
            System.getenv("STEPWISE_URL"),
            System.getenv("STEPWISE_API_KEY"),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args));
  }

  /** Runs one command line; answers its exit code. */
  static int run(
      String envUrl, String envApiKey, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new StepwiseCli(envUrl, envApiKey));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof CliException failure) {
            cmd.getErr().println("error: " + failure.getMessage());
            return failure.exitCode();
          }
          throw e;
        });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  ApiClient api() {
    String base =
        url != null ? url : envUrl != null && !envUrl.isBlank() ? envUrl : "http://localhost:8080";
    return new ApiClient(base, envApiKey);
  }

  /** The version of the jar this runs from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = StepwiseCli.class.getPackage().getImplementationVersion();
      return new String[] {"stepwise " + (version == null ? "(development build)" : version)};
    }
  }
}
