package io.stepwise.api;

/**
 * A durable workflow: a CDI bean whose {@link #run} is re-invoked from the top every time the
 * instance advances.
 *
 * <p>Annotate the class with {@link WorkflowName} to give it the name used by REST, Kafka triggers
 * and the CLI. The type arguments are the params type (read from the instance's JSON params with
 * Jackson) and the output type (written back as JSON).
 *
 * <h2>Determinism</h2>
 *
 * Code outside steps runs again on every replay, so it must be deterministic: no clocks, random
 * numbers or I/O outside {@code step.run}. Step bodies may run more than once (at least once) and
 * should be idempotent; a step's result is recorded exactly once.
 *
 * <pre>{@code
 * @WorkflowName("greet")
 * @ApplicationScoped
 * public class Greet implements Workflow<Greet.Params, String> {
 *   public record Params(String name) {}
 *   public String run(WorkflowEvent<Params> event, WorkflowStep step) {
 *     String user = step.run("load user", String.class, ctx -> users.find(event.params().name()));
 *     step.sleep("cool down", Duration.ofMinutes(5));
 *     return step.run("send", String.class, ctx -> mailer.send(user));
 *   }
 * }
 * }</pre>
 *
 * @param <P> the params type
 * @param <O> the output type
 */
public interface Workflow<P, O> {

  /**
   * Runs (or replays) the workflow.
   *
   * <p><b>Error handling:</b> an exception that escapes this method ends the instance as {@code
   * errored} with the exception's name and message. A failed step throws {@link
   * StepFailedException}, which may be caught to continue. Never catch {@link Throwable} or {@link
   * Error} around steps: the engine suspends {@code run} by throwing an {@link Error}.
   */
  O run(WorkflowEvent<P> event, WorkflowStep step) throws Exception;
}
