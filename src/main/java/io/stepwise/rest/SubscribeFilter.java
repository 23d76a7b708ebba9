package io.stepwise.rest;

import io.smallrye.mutiny.Uni;
import io.stepwise.client.StepwiseClient;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a subscription to an instance that does not exist with a JSON 404 before the event
 * stream starts (once it has started, the status is sent and cannot change).
 */
public class SubscribeFilter {

  private final StepwiseClient client;

  SubscribeFilter(StepwiseClient client) {
    this.client = client;
  }

  @ServerRequestFilter
  public Uni<Response> requireInstance(UriInfo uri) {
    if (!uri.getPath().endsWith("/subscribe")) {
      return Uni.createFrom().nullItem();
    }
    var params = uri.getPathParameters();
    return client.get(params.getFirst("workflow"), params.getFirst("id")).replaceWith((Response) null);
  }
}
