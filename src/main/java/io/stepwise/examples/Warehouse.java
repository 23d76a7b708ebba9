package io.stepwise.examples;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the warehouse's shipping API, for the {@code order} example. A test can make its
 * next shipments fail ({@link #failNextShipments}), as a carrier that is down would.
 */
@ApplicationScoped
public class Warehouse {

  private final AtomicInteger failures = new AtomicInteger();

  public String ship(String orderId) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the carrier is unavailable");
    }
    return "parcel-" + orderId;
  }

  /** The next {@code times} shipments fail. */
  public void failNextShipments(int times) {
    failures.set(times);
  }
}
