package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stepwise.api.NonRetryableError;
import io.stepwise.api.StepContext;
import io.stepwise.engine.AttemptOutcome;
import io.stepwise.engine.Decision;
import io.stepwise.engine.ErrorInfo;
import io.stepwise.engine.InstanceState;
import io.stepwise.engine.StepAction;
import io.stepwise.engine.StepTimeoutError;
import io.stepwise.engine.StorableJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jboss.logging.MDC;

/**
 * Runs one attempt of a step body under its timeout and reports how it ended. Never fails: every
 * error becomes an {@link AttemptOutcome.Failed}.
 */
@ApplicationScoped
public class StepRunner {

  /** The largest step result, as JSON text (a char is at least a byte): 1 MiB. */
  static final int MAX_RESULT_CHARS = 1 << 20;

  private final ObjectMapper mapper;
  private final Clock clock;

  StepRunner(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  public Uni<AttemptOutcome> attempt(InstanceState instance, Decision.ExecuteStep execute) {
    StepContext context =
        new StepContext(
            instance.instanceId(),
            execute.step().key().name(),
            execute.step().key().count(),
            execute.attempt());
    Duration timeout = execute.config().timeout();
    MDC.put("step", execute.step().key() + " attempt " + execute.attempt());
    Executor back = VertxContexts.currentContext();
    Instant start = clock.instant();
    return body(execute.action(), context)
        .ifNoItem()
        .after(timeout)
        .failWith(
            () ->
                new StepTimeoutError(
                    "step '"
                        + context.stepName()
                        + "' attempt "
                        + context.attempt()
                        + " timed out after "
                        + timeout))
        .map(
            result ->
                (AttemptOutcome)
                    new AttemptOutcome.Succeeded(toJson(result), start, clock.instant()))
        .onFailure()
        .recoverWithItem(error -> failed(error, start))
        // The timeout fires on a scheduler thread: come back to the Vert.x context for the commit.
        .emitOn(back);
  }

  private Uni<Object> body(StepAction action, StepContext context) {
    if (action instanceof StepAction.Blocking blocking) {
      return VertxContexts.onWorker(() -> blocking.body().execute(context));
    }
    StepAction.NonBlocking nonBlocking = (StepAction.NonBlocking) action;
    return Uni.createFrom()
        .deferred(
            () -> {
              Uni<?> uni = nonBlocking.body().execute(context);
              if (uni == null) {
                return Uni.createFrom()
                    .failure(
                        new NonRetryableError(
                            "step '" + context.stepName() + "' returned a null Uni"));
              }
              return uni.map(value -> (Object) value);
            });
  }

  private JsonNode toJson(Object result) {
    JsonNode json;
    try {
      json = mapper.valueToTree(result);
    } catch (IllegalArgumentException e) {
      throw new NonRetryableError(
          "the step's result cannot be written as JSON: " + e.getMessage(), e);
    }
    // One serialisation, for both checks: this runs on every step.
    String text = json == null ? "" : json.toString();
    Optional<String> unstorable = StorableJson.unstorable(text);
    if (unstorable.isPresent()) {
      throw new NonRetryableError(
          "the step's result contains " + unstorable.get() + ", which cannot be stored");
    }
    if (text.length() > MAX_RESULT_CHARS) {
      throw new NonRetryableError(
          "the step's result is over the 1 MiB limit; store large data elsewhere and return a reference");
    }
    return json;
  }

  private AttemptOutcome failed(Throwable error, Instant start) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    boolean retryable = !(cause instanceof NonRetryableError);
    return new AttemptOutcome.Failed(ErrorInfo.withTrace(cause), retryable, start, clock.instant());
  }
}
