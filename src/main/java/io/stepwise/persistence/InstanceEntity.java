package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The {@code workflow_instance} row. */
@Entity
@Table(name = "workflow_instance")
public class InstanceEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "instance_pk")
  @SequenceGenerator(
      name = "instance_pk",
      sequenceName = "workflow_instance_pk_seq",
      allocationSize = 50)
  public Long pk;

  public String workflow;

  @Column(name = "instance_id")
  public String instanceId;

  public String status;

  /** In a {@link JsonEnvelope}: use {@link #paramsValue()}. */
  @JdbcTypeCode(SqlTypes.JSON)
  public JsonNode params;

  /** In a {@link JsonEnvelope}: use {@link #outputValue()}. */
  @JdbcTypeCode(SqlTypes.JSON)
  public JsonNode output;

  @Column(name = "error_name", columnDefinition = "text")
  public String errorName;

  @Column(name = "error_message", columnDefinition = "text")
  public String errorMessage;

  /** The engine's sequence: bumped by transitions that make in-flight messages stale. */
  public long seq;

  /** Bumped by Hibernate on every update, which checks the old value: optimistic concurrency. */
  @Version public long version;

  @Column(name = "success_retention_ms")
  public Long successRetentionMs;

  @Column(name = "error_retention_ms")
  public Long errorRetentionMs;

  /** When a finished instance may be purged. */
  @Column(name = "retain_until")
  public Instant retainUntil;

  /** running, complete or failed once a rollback started. */
  @Column(name = "rollback_status")
  public String rollbackStatus;

  /** While rolling back: the status the instance ends in. */
  @Column(name = "final_status")
  public String finalStatus;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ended_at")
  public Instant endedAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** The fencing token of the attempt whose body runs now (or ran last). */
  @Column(name = "attempt_token")
  public UUID attemptToken;

  /** When that attempt's body started. */
  @Column(name = "attempt_started_at")
  public Instant attemptStartedAt;

  /** The params as given at creation (stored in a {@link JsonEnvelope}). */
  public JsonNode paramsValue() {
    return JsonEnvelope.unwrap(params);
  }

  /** The output once complete (stored in a {@link JsonEnvelope}). */
  public JsonNode outputValue() {
    return JsonEnvelope.unwrap(output);
  }
}
