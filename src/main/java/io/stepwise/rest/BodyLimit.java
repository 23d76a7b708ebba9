package io.stepwise.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps request bodies of the API within {@code quarkus.http.limits.max-body-size}, always with a
 * JSON 413 that names the limit.
 *
 * <ul>
 *   <li>A declared body over the limit (Content-Length) is refused before it is read.
 *   <li>A chunked body (no length) can only be measured while it is read. Quarkus's own check of it
 *       ends the response with a bare 413 from inside its input stream, out of reach of the
 *       exception mappers; so for the API that check is handed over to {@link BoundedBodyReader},
 *       which reads at most the limit and fails with {@link RequestBodyTooLargeException}.
 * </ul>
 */
@ApplicationScoped
public class BodyLimit {

  /**
   * Where Quarkus leaves the limit for its input stream (VertxInputStream.MAX_REQUEST_SIZE_KEY).
   */
  static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";

  /** Quarkus puts its limit on each request at this order; ours runs after it. */
  private static final int AFTER_QUARKUS_LIMIT = -1;

  private final long maxBytes;

  BodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
          MemorySize max) {
    this.maxBytes = max.asLongValue();
  }

  long maxBytes() {
    return maxBytes;
  }

  void install(@Observes Router router) {
    router
        .route("/api/*")
        .order(Integer.MIN_VALUE)
        .handler(
            context -> {
              String declared = context.request().getHeader("Content-Length");
              if (declared != null && isOver(declared)) {
                context
                    .response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(Json.encode(ErrorBody.of("payload_too_large", tooLarge(maxBytes))));
              } else {
                context.next();
              }
            });
    // Only Stepwise's own resources read bodies through BoundedBodyReader: a host application's
    // other /api resources keep Quarkus's limit.
    router
        .routeWithRegex("/api/(workflows|instances)(/.*)?")
        .order(AFTER_QUARKUS_LIMIT)
        .handler(
            context -> {
              if (context.request().getHeader("Content-Length") == null) {
                context.remove(
                    QUARKUS_LIMIT_KEY); // BoundedBodyReader enforces it, with the JSON answer
              }
              context.next();
            });
  }

  static String tooLarge(long maxBytes) {
    return "the request body is over the limit of " + maxBytes + " bytes";
  }

  private boolean isOver(String declared) {
    try {
      return Long.parseLong(declared.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer refuses a malformed length itself
    }
  }
}
