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

/** The {@code workflow_event} row: an event sent to an instance. */
@Entity
@Table(name = "workflow_event")
public class EventEntity extends PanacheEntityBase {

  @Id
  // Given by the database as the row is inserted, so an instance's rows are in id order (V5).
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "instance_pk")
  public long instancePk;

  public String type;

  /** Chosen by the sender, or null: a repeated one is stored once per instance (V7). */
  @Column(name = "event_id")
  public String eventId;

  /** In a {@link JsonEnvelope}. */
  @JdbcTypeCode(SqlTypes.JSON)
  public JsonNode payload;

  @Column(name = "received_at")
  public Instant receivedAt;

  @Column(name = "consumed_at")
  public Instant consumedAt;

  /** The step (name#count) that consumed it. */
  @Column(name = "consumed_by")
  public String consumedBy;
}
