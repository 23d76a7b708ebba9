package io.stepwise.api;

/**
 * Params that check their own values (ranges, formats) when an instance is created: REST, batch,
 * Kafka triggers and cron refuse the instance with the message of the {@link
 * IllegalArgumentException} thrown here. Not called when a stored instance replays, so tightening a
 * check never breaks an instance already running.
 *
 * <pre>{@code
 * public record Params(Integer steps) implements ValidatedParams {
 *   public Params {
 *     steps = steps != null ? steps : 10; // defaults here show in the params' JSON Schema
 *   }
 *   public void validate() {
 *     if (steps < 1) throw new IllegalArgumentException("steps must be 1 or more, was " + steps);
 *   }
 * }
 * }</pre>
 */
public interface ValidatedParams {

  /**
   * @throws IllegalArgumentException saying what is wrong, shown to the caller as is
   */
  void validate();
}
