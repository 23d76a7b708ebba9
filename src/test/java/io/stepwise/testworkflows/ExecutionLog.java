package io.stepwise.testworkflows;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how many times each step body ran, per instance: what replay tests assert on. */
public final class ExecutionLog {

  private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  private ExecutionLog() {}

  /** Counts a run; answers how many runs there were, this one included. */
  public static int ran(String instanceId, String step) {
    return RUNS.computeIfAbsent(instanceId + "/" + step, k -> new AtomicInteger())
        .incrementAndGet();
  }

  public static int runs(String instanceId, String step) {
    AtomicInteger count = RUNS.get(instanceId + "/" + step);
    return count == null ? 0 : count.get();
  }
}
