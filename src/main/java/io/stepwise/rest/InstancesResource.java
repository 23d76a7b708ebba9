package io.stepwise.rest;

import io.smallrye.mutiny.Uni;
import io.stepwise.operations.Cursors;
import io.stepwise.operations.StepwiseOperations;
import io.stepwise.operations.Views;
import io.stepwise.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Instances across workflows: {@code /api/instances}, newest first. Each summary names its
 * workflow, whose {@code /api/workflows/{name}/instances/{id}} has the whole instance.
 */
@Path("/api/instances")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READ)
@Tag(name = "instances", description = "Instances across workflows")
public class InstancesResource {

  private final StepwiseOperations operations;

  InstancesResource(StepwiseOperations operations) {
    this.operations = operations;
  }

  @Operation(
      summary =
          "The newest instances of every workflow; ?id= finds an instance without its workflow")
  @APIResponse(
      responseCode = "200",
      description = "A page of instances, with nextCursor for the next")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @GET
  public Uni<Views.InstanceList> recent(
      @QueryParam("status") String status,
      @QueryParam("id") String id,
      @QueryParam("limit") @DefaultValue("25") String limit,
      @QueryParam("cursor") String cursor) {
    return operations.recent(
        ListParams.status(status),
        id == null || id.isBlank() ? null : id.strip(),
        Cursors.decode(cursor),
        ListParams.limit(limit));
  }
}
