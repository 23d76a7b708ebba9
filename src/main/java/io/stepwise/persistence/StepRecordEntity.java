package io.stepwise.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The {@code step_record} row: one step (name + occurrence) of an instance. */
@Entity
@Table(name = "step_record")
public class StepRecordEntity extends PanacheEntityBase {

  @Id
  // Given by the database as the row is inserted, so an instance's rows are in id order (V5).
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "instance_pk")
  public long instancePk;

  public String name;

  public int occurrence;

  public String type;

  public String status;

  /**
   * The attempts, a JSON array of {@code io.stepwise.engine.Attempt}, in a {@link JsonEnvelope}.
   */
  @JdbcTypeCode(SqlTypes.JSON)
  public JsonNode attempts;

  /** In a {@link JsonEnvelope}. */
  @JdbcTypeCode(SqlTypes.JSON)
  public JsonNode result;

  @Column(name = "error_name", columnDefinition = "text")
  public String errorName;

  @Column(name = "error_message", columnDefinition = "text")
  public String errorMessage;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ended_at")
  public Instant endedAt;

  @Column(name = "wake_at")
  public Instant wakeAt;

  @Column(name = "event_type")
  public String eventType;
}
