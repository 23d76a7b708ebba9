package io.stepwise.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web dashboard is static files (META-INF/resources/dashboard: HTML, CSS and JavaScript,
 * checked in, no build step) over the REST API. The service's root and {@code /dashboard} lead
 * to it.
 */
@ApplicationScoped
public class DashboardRoutes {

  static final String HOME = "/dashboard/";

  void install(@Observes Router router) {
    // Vert.x matches a path with or without its trailing slash: only the bare forms redirect.
    router.get("/").handler(context -> context.redirect(HOME));
    router.get("/dashboard").handler(context -> {
      if (context.request().path().equals("/dashboard")) {
        context.redirect(HOME);
      } else {
        context.next();
      }
    });
  }
}
