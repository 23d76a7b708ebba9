package io.stepwise.faults;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named places in the engine where a test can inject a fault, to prove that the engine recovers
 * from it (as DBOS's debug triggers do). Unarmed — always, outside tests — a check is one map
 * lookup.
 */
@ApplicationScoped
public class FaultPoints {

  /** After a transition committed, its next step message is lost (a crash before the publish). */
  public static final String NEXT_STEP_LOST = "after-commit.next-step-lost";

  /** After a transition committed, its timer is lost (a crash, a broker failure, a deleted topic). */
  public static final String TIMER_LOST = "after-commit.timer-lost";

  private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();

  /** Makes the next {@code times} checks of {@code point} for instance {@code instanceId} fire. */
  public void arm(String point, String instanceId, int times) {
    armed.put(key(point, instanceId), new AtomicInteger(times));
  }

  /** Whether the fault fires now for this instance (and uses up one of its armed firings). */
  public boolean fires(String point, String instanceId) {
    if (armed.isEmpty()) {
      return false;
    }
    AtomicInteger left = armed.get(key(point, instanceId));
    return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** How many armed firings of {@code point} for this instance are left. */
  public int remaining(String point, String instanceId) {
    AtomicInteger left = armed.get(key(point, instanceId));
    return left == null ? 0 : left.get();
  }

  private static String key(String point, String instanceId) {
    return point + "/" + instanceId;
  }
}
