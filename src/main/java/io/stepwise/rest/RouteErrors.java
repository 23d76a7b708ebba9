package io.stepwise.rest;

import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** The JSON error answer for handlers of the HTTP layer, in front of the REST resources. */
final class RouteErrors {

  private RouteErrors() {}

  static void answer(RoutingContext context, int status, String code, String message) {
    context
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Json.encode(ErrorBody.of(code, message)));
  }
}
