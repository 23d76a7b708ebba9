package io.stepwise.examples;

import io.stepwise.api.Backoff;
import io.stepwise.api.RetryPolicy;
import io.stepwise.api.StepConfig;
import io.stepwise.api.ValidatedParams;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowEvent;
import io.stepwise.api.WorkflowName;
import io.stepwise.api.WorkflowStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Cloudflare's "workflows-starter", in Java: a step that returns data, a step that calls an HTTP
 * endpoint, a sleep, and a step that might fail, with retries.
 */
@WorkflowName("workflows-starter")
@ApplicationScoped
public class StarterWorkflow implements Workflow<StarterWorkflow.Params, StarterWorkflow.Result> {

  /**
   * @param url the endpoint the second step calls (default: this service's liveness endpoint, as
   *     there may be no internet)
   * @param sleepSeconds how long to sleep (default 60)
   * @param failureProbability how likely the last step's attempts fail (default 0.5)
   */
  public record Params(String url, Long sleepSeconds, Double failureProbability)
      implements ValidatedParams {
    public Params {
      sleepSeconds = sleepSeconds != null ? sleepSeconds : 60;
      failureProbability = failureProbability != null ? failureProbability : 0.5;
    }

    @Override
    public void validate() {
      if (sleepSeconds < 0 || sleepSeconds > 365 * 86_400) {
        throw new IllegalArgumentException(
            "sleepSeconds must be 0 to 31536000 (365 days), was " + sleepSeconds);
      }
      if (!(failureProbability >= 0 && failureProbability <= 1)) {
        throw new IllegalArgumentException(
            "failureProbability must be 0 to 1, was " + failureProbability);
      }
    }
  }

  public record Files(List<String> inputParams, List<String> files) {}

  public record Call(String url, int status, int bytes) {}

  public record Result(int files, int httpStatus, String written) {}

  private static final StepConfig MIGHT_FAIL =
      StepConfig.DEFAULT
          .withRetries(new RetryPolicy(5, Duration.ofSeconds(5), Backoff.EXPONENTIAL))
          .withTimeout(Duration.ofMinutes(15));

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Result run(WorkflowEvent<Params> event, WorkflowStep step) {
    Params params = event.params();
    Files files =
        step.run(
            "my first step",
            Files.class,
            ctx ->
                new Files(
                    List.of(),
                    List.of(
                        "doc_7392_rev3.pdf",
                        "report_x29_final.pdf",
                        "memo_2024_05_12.docx",
                        "financials_2023_q4.xlsx",
                        "proposal_v2.pptx")));

    Call call =
        step.run(
            "some other step",
            Call.class,
            ctx -> {
              String url = params.url() != null ? params.url() : ownLivenessUrl();
              HttpResponse<String> response =
                  HTTP.send(
                      HttpRequest.newBuilder(URI.create(url))
                          .timeout(Duration.ofSeconds(30))
                          .GET()
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              return new Call(url, response.statusCode(), response.body().length());
            });

    step.sleep("wait on something", Duration.ofSeconds(params.sleepSeconds()));

    double failureProbability = params.failureProbability();
    String written =
        step.run(
            "make a call to write that could maybe, just might, fail",
            String.class,
            MIGHT_FAIL,
            ctx -> {
              if (ThreadLocalRandom.current().nextDouble() < failureProbability) {
                throw new IllegalStateException("API call to $STORAGE_SYSTEM failed");
              }
              return "written on attempt " + ctx.attempt();
            });
    return new Result(files.files().size(), call.status(), written);
  }

  private static String ownLivenessUrl() {
    int port =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.port", Integer.class)
            .orElse(8080);
    return "http://localhost:" + port + "/q/health/live";
  }
}
