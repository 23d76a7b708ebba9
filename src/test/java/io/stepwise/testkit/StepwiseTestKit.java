package io.stepwise.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.stepwise.introspection.Introspection;
import io.stepwise.introspection.Modifications;
import io.stepwise.operations.CreateRequest;
import io.stepwise.operations.StepwiseOperations;
import io.stepwise.operations.Views;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The test kit for workflow authors. In any {@code @QuarkusTest} of this project (Quarkus' JUnit 5
 * extension), Stepwise runs with its embedded broker and database ({@link StepwiseTestServices})
 * and your workflow classes; inject this to create instances, change how they run and wait for them
 * — Cloudflare's introspection, in Java:
 *
 * <pre>{@code
 * @Inject StepwiseTestKit stepwise;
 *
 * try (InstanceProbe order = stepwise.introspect("order", "o-1")) {
 *   order.modify(m -> m.disableSleeps().mockStepResult("charge card", stepwise.json("ch_1")));
 *   stepwise.create("order", "o-1", Map.of("cents", 500));
 *   order.waitForStatus("complete");
 * }
 * }</pre>
 */
@ApplicationScoped
@QuarkusTestResource(StepwiseTestServices.class)
public class StepwiseTestKit {

  private final StepwiseOperations operations;
  private final Introspection introspection;
  private final ObjectMapper mapper;

  StepwiseTestKit(StepwiseOperations operations, Introspection introspection, ObjectMapper mapper) {
    this.operations = operations;
    this.introspection = introspection;
    this.mapper = mapper;
  }

  /**
   * Follows one instance, and lets the test modify how it runs (before creating it). Until
   * modified, it runs as every instance of its workflow does.
   */
  public InstanceProbe introspect(String workflow, String instanceId) {
    return new InstanceProbe(this, introspection, workflow, instanceId);
  }

  /** Modifies every instance of a workflow (those with their own probe excepted). */
  public WorkflowProbe introspectWorkflow(String workflow) {
    return new WorkflowProbe(introspection, workflow);
  }

  /**
   * Creates and starts an instance with {@code params} (any object Jackson writes as JSON, or
   * null); the events mocked on its probe are sent right after.
   */
  public Views.Created create(String workflow, String instanceId, Object params) {
    Views.Created created =
        await(() -> operations.create(workflow, new CreateRequest(instanceId, json(params), null)));
    List<Modifications.MockedEvent> events =
        introspection
            .existing(workflow, created.id())
            .map(Modifications::mockedEvents)
            .orElse(List.of());
    for (Modifications.MockedEvent event : events) {
      sendEvent(workflow, created.id(), event.type(), event.payload());
    }
    return created;
  }

  /** The instance with its steps, as the API shows it. */
  public Views.InstanceView instance(String workflow, String instanceId) {
    return await(() -> operations.get(workflow, instanceId));
  }

  public void sendEvent(String workflow, String instanceId, String type, Object payload) {
    await(() -> operations.sendEvent(workflow, instanceId, type, json(payload)));
  }

  /**
   * Calls the in-process operations for everything else (pause, resume, terminate, restart, list,
   * delete) and waits for the answer: {@code stepwise.call(c -> c.pause("order", id))}.
   */
  public <T> T call(Function<StepwiseOperations, Uni<T>> call) {
    return await(() -> call.apply(operations));
  }

  /** Any object as the JSON a step result, params or payload is stored as. */
  public JsonNode json(Object value) {
    return value == null ? null : mapper.valueToTree(value);
  }

  <T> T convert(JsonNode json, Class<T> type) {
    return mapper.convertValue(json, type);
  }

  /**
   * Runs a call of the operations on a Vert.x context (the database operations needs one) and waits
   * for it.
   */
  static <T> T await(Supplier<Uni<T>> call) {
    try {
      return VertxContextSupport.subscribeAndAwait(call);
    } catch (Throwable e) {
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e);
    }
  }

  /** Modifications of every instance of a workflow, forgotten on {@link #close()}. */
  public static final class WorkflowProbe implements AutoCloseable {
    private final Introspection introspection;
    private final String workflow;

    WorkflowProbe(Introspection introspection, String workflow) {
      this.introspection = introspection;
      this.workflow = workflow;
    }

    public WorkflowProbe modify(Consumer<Modifications> changes) {
      changes.accept(introspection.workflow(workflow));
      return this;
    }

    @Override
    public void close() {
      introspection.dispose(workflow);
    }
  }
}
