package io.stepwise.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Refuses a request whose path, as sent, has "." or ".." segments (also percent-encoded) with a
 * JSON 400. The router routes the normalised path, so {@code /api/workflows/../../q/metrics} would
 * otherwise be answered by the metrics endpoint: a request that names one resource and is answered
 * by another. Browsers and HTTP clients normalise paths before sending them, so no honest client
 * sends one.
 */
@ApplicationScoped
public class DotSegmentGuard {

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            context -> {
              if (hasDotSegment(context.request().uri())) {
                RouteErrors.answer(
                    context,
                    400,
                    "invalid_path",
                    "the path has '.' or '..' segments; send the path it stands for");
              } else {
                context.next();
              }
            });
  }

  static boolean hasDotSegment(String uri) {
    if (uri == null) {
      return false;
    }
    int end = uri.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = uri.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String path = uri.substring(0, end).toLowerCase(Locale.ROOT).replace("%2e", ".");
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
