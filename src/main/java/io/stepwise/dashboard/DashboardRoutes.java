package io.stepwise.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web dashboard is static files (META-INF/resources/dashboard: HTML, CSS and JavaScript,
 * checked in, no build step) over the REST API. The service's root and {@code /dashboard} lead to
 * it.
 */
@ApplicationScoped
public class DashboardRoutes {

  static final String HOME = "/dashboard/";

  /**
   * The dashboard loads its own files only and calls its own API: anything else (an injected
   * script, a frame around it) is refused by the browser. Inline style attributes are allowed: the
   * timeline places its bars with them.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  void install(@Observes Router router) {
    router
        .route("/dashboard/*")
        .order(-1)
        .handler(
            context -> {
              context
                  .response()
                  .headers()
                  .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                  .set("X-Frame-Options", "DENY")
                  .set("X-Content-Type-Options", "nosniff")
                  .set("Referrer-Policy", "no-referrer");
              context.next();
            });
    // Vert.x matches a path with or without its trailing slash: only the bare forms redirect.
    router.get("/").handler(context -> context.redirect(HOME));
    router
        .get("/dashboard")
        .handler(
            context -> {
              if (context.request().path().equals("/dashboard")) {
                context.redirect(HOME);
              } else {
                context.next();
              }
            });
  }
}
