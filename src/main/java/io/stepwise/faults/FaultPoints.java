package io.stepwise.faults;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Named places in the engine where a test can inject a fault, to prove that the engine recovers
 * from it (as DBOS's debug triggers do). Unarmed — always, outside tests — a check is one map
 * lookup or one comparison.
 *
 * <p>Two kinds: an instance's message can be made to get lost ({@link #arm}), and the whole process
 * can be made to die at a crash point, as {@code kill -9} would, on the n-th time it passes there
 * ({@code stepwise.faults.crash-at} and {@code stepwise.faults.crash-after}; the chaos suite sets
 * them on the engine processes it starts).
 */
@ApplicationScoped
public class FaultPoints {

  private static final Logger LOG = Logger.getLogger(FaultPoints.class);

  /** A step's body ran, its result is not committed yet. */
  public static final String AFTER_BODY_BEFORE_COMMIT = "after-body.before-commit";

  /** A transition committed, what comes next is not published yet. */
  public static final String AFTER_COMMIT_BEFORE_PUBLISH = "after-commit.before-publish";

  /** What comes next is published, the step message's offset is not committed yet. */
  public static final String AFTER_PUBLISH_BEFORE_ACK = "after-publish.before-ack";

  /**
   * A step committed and began the next one's attempt, which is about to run inline (without
   * waiting for its message); the message that started the run is not acknowledged yet.
   */
  public static final String BETWEEN_INLINE_STEPS = "between-inline-steps";

  /** The crash points, in order: a process that dies at one exits with 81 + its index. */
  public static final List<String> CRASH_POINTS =
      List.of(
          AFTER_BODY_BEFORE_COMMIT,
          AFTER_COMMIT_BEFORE_PUBLISH,
          AFTER_PUBLISH_BEFORE_ACK,
          BETWEEN_INLINE_STEPS);

  /**
   * After a transition, a create or an event committed, the step message that would run the
   * instance is lost (a crash before the publish).
   */
  public static final String NEXT_STEP_LOST = "after-commit.next-step-lost";

  /**
   * After a transition committed, its timer is lost (a crash, a broker failure, a deleted topic).
   */
  public static final String TIMER_LOST = "after-commit.timer-lost";

  /**
   * A step's commit fails as a dropped database connection would fail it: nothing of it is written.
   */
  public static final String COMMIT_FAILS = "commit.fails";

  /**
   * The announcements of a committed change of the instance get no answer from the broker, ever (a
   * broker that is down). The sweeper publishes the instance's next step in their place.
   */
  public static final String BROKER_SILENT = "after-commit.broker-silent";

  private final Map<String, AtomicInteger> armed = new ConcurrentHashMap<>();
  private final String crashAt;
  private final AtomicInteger passesBeforeCrash;

  FaultPoints(
      @ConfigProperty(name = "stepwise.faults.crash-at") Optional<String> crashAt,
      @ConfigProperty(name = "stepwise.faults.crash-after", defaultValue = "1") int crashAfter) {
    if (crashAt.isPresent() && !CRASH_POINTS.contains(crashAt.get())) {
      throw new IllegalArgumentException("stepwise.faults.crash-at must be one of " + CRASH_POINTS);
    }
    this.crashAt = crashAt.orElse(null);
    this.passesBeforeCrash = new AtomicInteger(crashAfter);
  }

  /** The exit code of a process that died at {@code point}. */
  public static int exitCode(String point) {
    return 81 + CRASH_POINTS.indexOf(point);
  }

  /** Kills this process, with no shutdown of any kind, when it reaches its configured crash. */
  public void crashPoint(String point) {
    if (crashAt != null && crashAt.equals(point) && passesBeforeCrash.decrementAndGet() == 0) {
      LOG.errorf("STEPWISE-090 crashing at fault point %s, as configured", point);
      Runtime.getRuntime().halt(exitCode(point));
    }
  }

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
