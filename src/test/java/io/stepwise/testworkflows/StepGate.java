package io.stepwise.testworkflows;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a step body until the test opens the instance's gate, so a test can act on an instance
 * while its step is certainly running — no timing window. Once open, a gate stays open.
 */
public final class StepGate {

  private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  private StepGate() {}

  /** Blocks the body until {@link #open} (at most 60 s, so a broken test cannot hang the suite). */
  public static void pass(String instanceId) throws InterruptedException {
    gate(instanceId).await(60, TimeUnit.SECONDS);
  }

  public static void open(String instanceId) {
    gate(instanceId).countDown();
  }

  private static CountDownLatch gate(String instanceId) {
    return GATES.computeIfAbsent(instanceId, id -> new CountDownLatch(1));
  }
}
