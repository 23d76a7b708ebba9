package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.ErrorInfo;
import java.time.Instant;

/**
 * An instance as it was read or written, detached from Hibernate: what persistence answers the
 * layers above, which never hold an {@link InstanceEntity} (a managed entity is only safe inside
 * its session).
 *
 * @param params the params as given at creation, unwrapped
 * @param output the output once complete, unwrapped
 * @param rollbackStatus running, complete or failed once a rollback started; else null
 * @param attemptStartedAt when the body of the attempt that runs now (or ran last) started
 */
public record StoredInstance(
    long pk,
    String workflow,
    String instanceId,
    String status,
    long seq,
    JsonNode params,
    JsonNode output,
    ErrorInfo error,
    String rollbackStatus,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Instant attemptStartedAt) {

  static StoredInstance of(InstanceEntity row) {
    return new StoredInstance(
        row.pk,
        row.workflow,
        row.instanceId,
        row.status,
        row.seq,
        row.paramsValue(),
        row.outputValue(),
        row.errorName == null ? null : new ErrorInfo(row.errorName, row.errorMessage),
        row.rollbackStatus,
        row.createdAt,
        row.startedAt,
        row.endedAt,
        row.attemptStartedAt);
  }
}
