package io.stepwise.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies in milliseconds, and their percentiles (nearest rank). */
final class Latencies {

  private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

  void add(long nanos) {
    millis.add(nanos / 1e6);
  }

  int count() {
    return millis.size();
  }

  double percentile(double p) {
    List<Double> sorted;
    synchronized (millis) {
      sorted = new ArrayList<>(millis);
    }
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  double max() {
    return percentile(100);
  }

  /** p50 / p90 / p99 / max, in ms. */
  String summary() {
    return String.format(
        "p50 %.1f / p90 %.1f / p99 %.1f / max %.1f ms",
        percentile(50), percentile(90), percentile(99), max());
  }
}
