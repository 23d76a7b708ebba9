package io.stepwise.rest;

import io.smallrye.mutiny.Uni;
import io.stepwise.client.Cursors;
import io.stepwise.client.StepwiseClient;
import io.stepwise.client.Views;
import io.stepwise.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Instances across workflows: {@code /api/instances}, newest first. Each summary names its
 * workflow, whose {@code /api/workflows/{name}/instances/{id}} has the whole instance.
 */
@Path("/api/instances")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READ)
public class InstancesResource {

  private final StepwiseClient client;

  InstancesResource(StepwiseClient client) {
    this.client = client;
  }

  @GET
  public Uni<Views.InstanceList> recent(
      @QueryParam("status") String status,
      @QueryParam("id") String id,
      @QueryParam("limit") @DefaultValue("25") String limit,
      @QueryParam("cursor") String cursor) {
    return client.recent(ListParams.status(status), id == null || id.isBlank() ? null : id.strip(),
        Cursors.decode(cursor), ListParams.limit(limit));
  }
}
