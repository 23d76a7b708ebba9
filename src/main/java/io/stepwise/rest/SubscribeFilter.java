package io.stepwise.rest;

import io.smallrye.mutiny.Uni;
import io.stepwise.operations.StepwiseOperations;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a subscription to an instance that does not exist with a JSON 404 before the event stream
 * starts (once it has started, the status is sent and cannot change).
 */
public class SubscribeFilter {

  private final StepwiseOperations operations;

  SubscribeFilter(StepwiseOperations operations) {
    this.operations = operations;
  }

  @ServerRequestFilter
  public Uni<Response> requireInstance(UriInfo uri) {
    if (!uri.getPath().endsWith("/subscribe")) {
      return Uni.createFrom().nullItem();
    }
    var params = uri.getPathParameters();
    return operations
        .get(params.getFirst("workflow"), params.getFirst("id"))
        .replaceWith((Response) null);
  }
}
