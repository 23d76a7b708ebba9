package io.stepwise.chaos;

import io.stepwise.faults.FaultPoints;
import io.stepwise.it.EngineProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * N engine processes in one consumer group, each restarted as soon as it dies — as a Deployment
 * restarts its pods. The first is the anchor: never killed by the suite, so the group mostly has a
 * member that works. While faults are on, every start is told to crash itself at one of the fault
 * points (in turn) after a random number of passes.
 */
final class EngineSlots implements AutoCloseable {

  /**
   * The engines are restarted dozens of times on two shared cores: the quick JIT tier and the
   * serial collector get one up in seconds rather than tens of seconds.
   */
  private static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final int ANCHOR = 0;

  private final List<AtomicReference<EngineProcess>> slots = new ArrayList<>();
  private final ExecutorService loops;
  private final Supplier<Map<String, String>> config;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean faults = new AtomicBoolean(true);
  private final AtomicInteger starts = new AtomicInteger();
  private final Map<Integer, AtomicInteger> exits = new ConcurrentHashMap<>();
  private final Random random;

  EngineSlots(int count, Supplier<Map<String, String>> config, Random random) {
    this.config = config;
    this.random = random;
    this.loops = Executors.newFixedThreadPool(count);
    for (int i = 0; i < count; i++) {
      AtomicReference<EngineProcess> slot = new AtomicReference<>();
      slots.add(slot);
      int index = i;
      loops.submit(() -> keepRunning(index, slot));
    }
  }

  private void keepRunning(int index, AtomicReference<EngineProcess> slot) {
    while (running.get()) {
      int start = starts.incrementAndGet();
      Map<String, String> settings = new HashMap<>(config.get());
      if (faults.get()) {
        // the anchor works a while before it crashes; the others, killed often, crash early
        String point = FaultPoints.CRASH_POINTS.get(start % FaultPoints.CRASH_POINTS.size());
        int passes = index == ANCHOR ? 20 + random.nextInt(60) : 1 + random.nextInt(8);
        settings.put("stepwise.faults.crash-at", point);
        settings.put("stepwise.faults.crash-after", Integer.toString(passes));
      }
      EngineProcess engine;
      try {
        // Published before it is ready: the suite kills engines at any moment, starting ones too.
        engine =
            EngineProcess.start("chaos-" + index + "-" + start, settings, FAST_START, slot::set);
      } catch (RuntimeException notStarted) {
        slot.set(null);
        continue; // killed while starting, or the broker or the database was away: start again
      }
      try {
        int code = engine.exitCode();
        exits.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        slot.set(null);
      }
    }
  }

  /**
   * kill -9 one running engine other than the anchor, chosen at random, at whatever it is doing.
   */
  boolean killOne() {
    List<EngineProcess> up =
        slots.subList(ANCHOR + 1, slots.size()).stream()
            .map(AtomicReference::get)
            .filter(e -> e != null && e.alive())
            .toList();
    if (up.isEmpty()) {
      return false;
    }
    up.get(random.nextInt(up.size())).kill();
    return true;
  }

  /** The engines that are up (or starting), in random order, to send requests to. */
  List<EngineProcess> up() {
    List<EngineProcess> up =
        new ArrayList<>(
            slots.stream().map(AtomicReference::get).filter(e -> e != null && e.alive()).toList());
    Collections.shuffle(up, random);
    return up;
  }

  /** From now on, engines start without a planned crash. */
  void faultsOff() {
    faults.set(false);
  }

  int starts() {
    return starts.get();
  }

  /** How many engines crashed themselves at a fault point. */
  int crashes() {
    return crashesByPoint().values().stream().mapToInt(Integer::intValue).sum();
  }

  /** How many engines died at each fault point (by their exit code). */
  Map<String, Integer> crashesByPoint() {
    Map<String, Integer> crashes = new HashMap<>();
    for (String point : FaultPoints.CRASH_POINTS) {
      AtomicInteger count = exits.get(FaultPoints.exitCode(point));
      crashes.put(point, count == null ? 0 : count.get());
    }
    return crashes;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    slots.stream().map(AtomicReference::get).filter(e -> e != null).forEach(EngineProcess::close);
    loops.shutdownNow();
    loops.awaitTermination(120, TimeUnit.SECONDS);
  }
}
