package io.stepwise.rest;

import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.persistence.InstanceEntity;
import io.stepwise.persistence.InstanceStore;
import io.stepwise.runtime.InstanceService;
import io.stepwise.runtime.UnknownWorkflowException;
import io.stepwise.runtime.WorkflowRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The workflows and their instances: {@code /api/workflows}. */
@Path("/api/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

  static final int MAX_PAGE = 100;

  private final WorkflowRegistry registry;
  private final InstanceService instances;
  private final InstanceStore store;
  private final CreateRequests requests;

  WorkflowResource(WorkflowRegistry registry, InstanceService instances, InstanceStore store, CreateRequests requests) {
    this.registry = registry;
    this.instances = instances;
    this.store = store;
    this.requests = requests;
  }

  @GET
  public List<Views.WorkflowView> workflows() {
    return registry.all().stream().map(w -> new Views.WorkflowView(w.name())).toList();
  }

  @POST
  @Path("{workflow}/instances")
  @Consumes(MediaType.WILDCARD)
  public Uni<Response> create(@PathParam("workflow") String workflow, String body) {
    CreateRequests.CreateRequest request = requests.read(body);
    return instances.create(workflow, request.id(), request.params())
        .map(row -> Response.status(Response.Status.CREATED)
            .entity(new Views.Created(row.instanceId, row.status))
            .build());
  }

  @GET
  @Path("{workflow}/instances")
  public Uni<Views.InstanceList> list(
      @PathParam("workflow") String workflow,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("25") String limit,
      @QueryParam("cursor") String cursor) {
    requireWorkflow(workflow);
    InstanceStatus filter = status == null || status.isEmpty() ? null
        : InstanceStatus.fromWireName(status).orElseThrow(() -> ApiException.badRequest(
            "unknown status '" + status + "': one of queued, running, paused, waiting, waitingForPause, "
                + "errored, terminated, complete"));
    return store.list(workflow, filter, Cursors.decode(cursor), parseLimit(limit))
        .map(page -> new Views.InstanceList(
            page.instances().stream().map(Views.InstanceSummary::of).toList(), Cursors.encode(page.nextCursor())));
  }

  /** One instance with its step timeline; {@code latest} names the newest instance. */
  @GET
  @Path("{workflow}/instances/{id}")
  public Uni<Views.InstanceView> get(@PathParam("workflow") String workflow, @PathParam("id") String id) {
    requireWorkflow(workflow);
    Uni<InstanceEntity> row = "latest".equals(id) ? store.latest(workflow) : store.find(workflow, id);
    return row.chain(found -> {
      if (found == null) {
        throw ApiException.notFound(
            "instance_not_found", "workflow '" + workflow + "' has no instance " + ("latest".equals(id) ? "yet" : "'" + id + "'"));
      }
      return store.steps(found.pk).map(steps -> Views.InstanceView.of(found, steps));
    });
  }

  private void requireWorkflow(String workflow) {
    if (registry.find(workflow).isEmpty()) {
      throw new UnknownWorkflowException(workflow);
    }
  }

  private static int parseLimit(String limit) {
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= MAX_PAGE) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_PAGE + ", was '" + limit + "'");
  }
}
