package io.stepwise.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.messaging.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (deploy/grafana/stepwise-dashboard.json) queries only metrics the service
 * exports: after a little work of every kind its panels show (steps that fail and retry, a sleep, a
 * dead letter), every metric name in its PromQL is in /q/metrics. A renamed meter fails here, not
 * in an operator's empty panel.
 */
@QuarkusTest
class GrafanaDashboardTest {

  static final Path DASHBOARD = Path.of("deploy/grafana/stepwise-dashboard.json");

  /** PromQL's words that look like series names: aggregations, functions, keywords. */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "group",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "rate",
          "irate",
          "increase",
          "delta",
          "idelta",
          "histogram_quantile",
          "le",
          "abs",
          "ceil",
          "floor",
          "round",
          "clamp_min",
          "clamp_max",
          "vector",
          "scalar",
          "time",
          "label_replace",
          "label_join",
          "sort",
          "sort_desc",
          "absent",
          "changes",
          "resets",
          "deriv",
          "predict_linear",
          "avg_over_time",
          "max_over_time",
          "min_over_time",
          "sum_over_time",
          "count_over_time",
          "last_over_time",
          "inf",
          "nan");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @Test
  void theExtractorFindsSeriesNamesOnly() {
    assertThat(
            metricNames(
                "histogram_quantile(0.95, sum by (le, workflow) (rate(a_seconds_bucket{outcome=~\"x|y\"}[$__rate_interval])))"
                    + " / on (instance) group_left sum(b_total) or vector(0)"))
        .containsExactly("a_seconds_bucket", "b_total");
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    Set<String> queried = new TreeSet<>();
    for (JsonNode expr : new ObjectMapper().readTree(DASHBOARD.toFile()).findValues("expr")) {
      queried.addAll(metricNames(expr.asText()));
    }
    assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(15);

    // Work of every kind the panels show: a retried step, a sleep (a timer), a dead letter.
    String flaky = Api.create("flaky", Map.of("failures", 1, "limit", 2, "delayMillis", 50));
    String sleepy = Api.create("sleepy", Map.of("seconds", 0.3));
    Api.awaitEnd("flaky", flaky, Duration.ofSeconds(30));
    Api.awaitEnd("sleepy", sleepy, Duration.ofSeconds(30));
    try (TestKafka kafka = new TestKafka()) {
      kafka.send(Topics.TRIGGERS, "x", "not json at all");
    }

    // Gauges are counted every stepwise.metrics.count-interval, the dead letter arrives on its own.
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(exported()).as("metrics in /q/metrics").containsAll(queried));
  }

  /**
   * The series names of a PromQL expression: no functions, keywords, labels or Grafana variables.
   */
  static Set<String> metricNames(String promql) {
    String bare =
        promql
            .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // string literals (label values)
            .replaceAll("\\{[^}]*}", "{}") // label matchers
            .replaceAll("\\[[^]]*]", "[]") // range durations, $__rate_interval
            .replaceAll("\\$\\{?\\w+}?", "") // Grafana variables
            .replaceAll(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
                "$1"); // label lists
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String word = m.group();
      boolean call = bare.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!call && !number && !PROMQL_WORDS.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }

  /** The names of the series in a Prometheus scrape of /q/metrics. */
  private static Set<String> exported() {
    String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      Matcher m = IDENTIFIER.matcher(line);
      if (!line.startsWith("#") && m.lookingAt()) {
        names.add(m.group());
      }
    }
    return names;
  }
}
