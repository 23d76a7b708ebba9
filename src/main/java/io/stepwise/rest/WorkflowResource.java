package io.stepwise.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StatusCommand;
import io.stepwise.operations.Cursors;
import io.stepwise.operations.StepwiseOperations;
import io.stepwise.operations.Views;
import io.stepwise.operations.Waits;
import io.stepwise.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The workflows and their instances: {@code /api/workflows}. A thin layer over {@link
 * StepwiseOperations}. The OpenAPI annotations name each call's error responses; {@link
 * OpenApiErrors} defines them.
 */
@Path("/api/workflows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@RolesAllowed(Roles.READ)
@Tag(name = "workflows", description = "The registered workflows and their instances")
public class WorkflowResource {

  /** The header that names an event, so that a sender's retry stores it once. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final StepwiseOperations operations;
  private final RequestReader requests;
  private final InstanceSubscriptions subscriptions;

  WorkflowResource(
      StepwiseOperations operations, RequestReader requests, InstanceSubscriptions subscriptions) {
    this.operations = operations;
    this.requests = requests;
    this.subscriptions = subscriptions;
  }

  @Operation(
      summary =
          "The registered workflows, with their params' JSON Schema and instance counts by status")
  @GET
  public Uni<List<Views.WorkflowView>> workflows() {
    return operations.workflows();
  }

  @Operation(summary = "One workflow")
  @APIResponse(responseCode = "200", description = "The workflow")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @GET
  @Path("{workflow}")
  public Uni<Views.WorkflowView> workflow(@PathParam("workflow") String workflow) {
    return operations.workflow(workflow);
  }

  @Operation(
      summary = "Create and start an instance",
      description =
          "Body {\"id\"?, \"params\"?, \"retention\"?}. With ?wait=30s (at most 5m), answers once the"
              + " instance ended (200) or the wait passed (202), with the instance.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = Views.Created.class)))
  @APIResponse(
      responseCode = "200",
      description = "With wait: the instance, ended",
      content = @Content(schema = @Schema(implementation = Views.InstanceView.class)))
  @APIResponse(
      responseCode = "202",
      description = "With wait: the instance, not ended when the wait passed",
      content = @Content(schema = @Schema(implementation = Views.InstanceView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @RolesAllowed(Roles.OPERATE)
  @POST
  @Path("{workflow}/instances")
  public Uni<Response> create(
      @PathParam("workflow") String workflow, @QueryParam("wait") String wait, String body) {
    if (wait != null) {
      // create-and-wait: 200 with the view once the instance ended, 202 with it when the wait
      // passed first
      Duration max = Waits.parse(wait);
      return operations
          .createAndWait(workflow, requests.create(body), max)
          .map(WorkflowResource::waited);
    }
    return operations
        .create(workflow, requests.create(body))
        .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
  }

  private static Response waited(Views.InstanceView view) {
    return Response.status(
            StepwiseOperations.hasEnded(view) ? Response.Status.OK : Response.Status.ACCEPTED)
        .entity(view)
        .build();
  }

  @Operation(
      summary = "Create up to 100 instances",
      description =
          "Body [{\"id\"?, \"params\"?, \"retention\"?}]; all are validated first; ids that exist are skipped")
  @APIResponse(
      responseCode = "201",
      description = "The instances created",
      content =
          @Content(schema = @Schema(implementation = Views.Created.class, type = SchemaType.ARRAY)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @RolesAllowed(Roles.OPERATE)
  @POST
  @Path("{workflow}/instances/batch")
  public Uni<Response> createBatch(@PathParam("workflow") String workflow, String body) {
    return operations
        .createBatch(workflow, requests.batch(body))
        .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
  }

  @Operation(
      summary =
          "A workflow's instances, newest first (order=oldest: oldest first), a page at a time")
  @APIResponse(
      responseCode = "200",
      description = "A page of instances, with nextCursor for the next")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @GET
  @Path("{workflow}/instances")
  public Uni<Views.InstanceList> list(
      @PathParam("workflow") String workflow,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("25") String limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("order") @DefaultValue("newest") String order) {
    InstanceStatus filter = ListParams.status(status);
    if (!order.equals("newest") && !order.equals("oldest")) {
      throw ApiException.badRequest(
          "order is 'newest' (the default) or 'oldest', was '" + order + "'");
    }
    return operations.list(
        workflow, filter, Cursors.decode(cursor), ListParams.limit(limit), order.equals("oldest"));
  }

  @Operation(
      summary = "One instance with its steps ('latest': the newest)",
      description =
          "With ?wait=30s (at most 5m), a long poll: answers once the instance ended (200) or the wait passed (202).")
  @APIResponse(
      responseCode = "200",
      description = "The instance (with wait: it has ended)",
      content = @Content(schema = @Schema(implementation = Views.InstanceView.class)))
  @APIResponse(
      responseCode = "202",
      description = "With wait: the instance, not ended when the wait passed",
      content = @Content(schema = @Schema(implementation = Views.InstanceView.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  /** One instance with its step timeline; {@code latest} names the newest instance. */
  @GET
  @Path("{workflow}/instances/{id}")
  public Uni<Response> get(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @QueryParam("wait") String wait) {
    if (wait != null) {
      // a long poll: answered once the instance ended (200) or the wait passed (202)
      Duration max = Waits.parse(wait);
      return operations.get(workflow, id, max).map(WorkflowResource::waited);
    }
    return operations.get(workflow, id).map(view -> Response.ok(view).build());
  }

  @Operation(
      summary = "Pause, resume, terminate (with rollback) or restart (from a step)",
      description =
          "Body {\"status\": \"pause\" | \"resume\" | \"terminate\" | \"restart\", \"from\"?: {\"name\", \"count\"?}, \"rollback\"?: true}")
  @APIResponse(responseCode = "200", description = "The instance's new status")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  /** pause, resume, terminate (with rollback) or restart (from a step). */
  @RolesAllowed(Roles.OPERATE)
  @PATCH
  @Path("{workflow}/instances/{id}/status")
  public Uni<Views.StatusView> changeStatus(
      @PathParam("workflow") String workflow, @PathParam("id") String id, String body) {
    RequestReader.StatusChange change = requests.statusChange(body);
    StatusCommand command =
        StatusCommand.fromWireName(change.status())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "unknown status change '"
                            + change.status()
                            + "': pause, resume, terminate or restart"));
    if (change.from() != null && command != StatusCommand.RESTART) {
      throw ApiException.badRequest("\"from\" goes with restart only");
    }
    if (change.rollback() && command != StatusCommand.TERMINATE) {
      throw ApiException.badRequest("\"rollback\" goes with terminate only");
    }
    return operations.command(workflow, id, command, change.rollback(), change.from());
  }

  /**
   * Sends an event; the body is its JSON payload. With an {@code Idempotency-Key} header, a send
   * repeated with the same key stores the event once ({@code "duplicate": true} in the answer).
   */
  @Operation(
      summary =
          "Send an event of a type to an instance; the body is its JSON payload. An Idempotency-Key"
              + " header names the event: a send repeated with the same key stores it once")
  @APIResponse(
      responseCode = "202",
      description = "Stored: kept for the instance's waitForEvent of that type",
      content = @Content(schema = @Schema(implementation = Views.EventAccepted.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "409", ref = "Conflict")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "429", ref = "TooManyPendingEvents")
  @RolesAllowed(Roles.OPERATE)
  @POST
  @Path("{workflow}/instances/{id}/events/{type}")
  public Uni<Response> sendEvent(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @PathParam("type") String type,
      @HeaderParam(IDEMPOTENCY_KEY) String eventId,
      String body) {
    return operations
        .sendEvent(workflow, id, type, requests.json(body), eventId)
        .map(accepted -> Response.accepted(accepted).build());
  }

  @Operation(summary = "Delete an instance with its steps and events")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @RolesAllowed(Roles.OPERATE)
  @DELETE
  @Path("{workflow}/instances/{id}")
  public Uni<Response> delete(@PathParam("workflow") String workflow, @PathParam("id") String id) {
    return operations
        .delete(workflow, List.of(id))
        .map(
            deleted -> {
              if (deleted.isEmpty()) {
                throw ApiException.notFound(
                    "instance_not_found",
                    "workflow '" + workflow + "' has no instance '" + id + "'");
              }
              return Response.noContent().build();
            });
  }

  @Operation(
      summary = "Delete the instances named by ?id=a&id=b (1 to 100); answers those that existed")
  @APIResponse(responseCode = "200", description = "{\"deleted\": [ids]}")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  /** Deletes the instances named by the {@code id} query parameters; answers those that existed. */
  @RolesAllowed(Roles.OPERATE)
  @DELETE
  @Path("{workflow}/instances")
  public Uni<Map<String, List<String>>> deleteMany(
      @PathParam("workflow") String workflow, @QueryParam("id") List<String> ids) {
    if (ids == null || ids.isEmpty() || ids.size() > StepwiseOperations.MAX_BATCH) {
      throw ApiException.badRequest(
          "name 1 to " + StepwiseOperations.MAX_BATCH + " instances with ?id=…&id=…");
    }
    return operations.delete(workflow, ids).map(deleted -> Map.of("deleted", deleted));
  }

  @Operation(
      summary =
          "Follow an instance: its step and status changes as Server-Sent Events, until it ends")
  @APIResponse(responseCode = "200", description = "The event stream")
  @APIResponse(responseCode = "404", ref = "NotFound")
  /**
   * The instance's status and step events as Server-Sent Events: what happened so far, then live
   * until it ends.
   */
  @GET
  @Path("{workflow}/instances/{id}/subscribe")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<InstanceSubscriptions.Update> subscribe(
      @PathParam("workflow") String workflow, @PathParam("id") String id) {
    return subscriptions.follow(workflow, id);
  }
}
