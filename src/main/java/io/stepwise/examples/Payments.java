package io.stepwise.examples;

import io.stepwise.api.NonRetryableError;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a payment provider's client, for the {@code order} example. A test can make its
 * next charges fail ({@link #failNextCharges}), as a provider that is down would.
 */
@ApplicationScoped
public class Payments {

  private final AtomicInteger failures = new AtomicInteger();

  /**
   * Charges the order; the charge id is the same for the same order, as an idempotency key makes
   * it.
   */
  public String charge(String orderId, long cents) {
    if (cents <= 0) {
      throw new NonRetryableError("cannot charge " + cents + " cents for order " + orderId);
    }
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the payment provider is unavailable");
    }
    return "ch_" + UUID.nameUUIDFromBytes(orderId.getBytes(StandardCharsets.UTF_8));
  }

  public void refund(String chargeId) {}

  /** The next {@code times} charges fail (retryably). */
  public void failNextCharges(int times) {
    failures.set(times);
  }
}
