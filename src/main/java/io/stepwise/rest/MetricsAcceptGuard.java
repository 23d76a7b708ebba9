package io.stepwise.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Prometheus endpoint answers an Accept it cannot serve (e.g. application/json) with an empty
 * 406; this answers it first, with the JSON error that says what it can serve.
 */
@ApplicationScoped
public class MetricsAcceptGuard {

  /** What Micrometer's Prometheus endpoint writes. */
  private static final List<String> SERVED = List.of("text/plain", "application/openmetrics-text");

  private final boolean jsonExported;

  MetricsAcceptGuard(
      @ConfigProperty(name = "quarkus.micrometer.export.json.enabled", defaultValue = "false")
          boolean jsonExported) {
    this.jsonExported = jsonExported;
  }

  void install(@Observes Router router) {
    if (jsonExported) {
      return; // the endpoint then serves application/json itself
    }
    router
        .route("/q/metrics")
        .order(Integer.MIN_VALUE + 1)
        .handler(
            context -> {
              String accept = context.request().getHeader("Accept");
              if (accept == null || accept.isBlank() || acceptsAny(accept)) {
                context.next();
              } else {
                RouteErrors.answer(
                    context,
                    406,
                    "not_acceptable",
                    "the metrics are served as text/plain or application/openmetrics-text");
              }
            });
  }

  /** Whether a media range of the Accept header (parameters aside) covers what is served. */
  private static boolean acceptsAny(String accept) {
    for (String range : accept.split(",")) {
      String[] type = range.split(";")[0].trim().split("/");
      if (type.length == 2
          && SERVED.stream().anyMatch(served -> matches(type[0].trim(), type[1].trim(), served))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String type, String subtype, String served) {
    String[] parts = served.split("/");
    return (type.equals("*") || type.equalsIgnoreCase(parts[0]))
        && (subtype.equals("*") || subtype.equalsIgnoreCase(parts[1]));
  }
}
