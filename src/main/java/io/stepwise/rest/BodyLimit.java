package io.stepwise.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is over the HTTP limit with 413 and the usual JSON error
 * before the body is read. (The HTTP layer would answer it too, but with an empty body, which
 * names nothing.) A chunked body without a length still meets the HTTP layer's bare 413.
 */
@ApplicationScoped
public class BodyLimit {

  private final long maxBytes;

  BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max) {
    this.maxBytes = max.asLongValue();
  }

  void install(@Observes Router router) {
    router.route("/api/*").order(Integer.MIN_VALUE).handler(context -> {
      String declared = context.request().getHeader("Content-Length");
      if (declared != null && isOver(declared)) {
        context.response()
            .setStatusCode(413)
            .putHeader("Content-Type", "application/json")
            .putHeader("Connection", "close")
            .end(Json.encode(ErrorBody.of("payload_too_large",
                "the request body is over the limit of " + maxBytes + " bytes")));
      } else {
        context.next();
      }
    });
  }

  private boolean isOver(String declared) {
    try {
      return Long.parseLong(declared.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer refuses a malformed length itself
    }
  }
}
