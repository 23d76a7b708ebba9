package io.stepwise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the whole machine was between two readings of {@code /proc/stat} (Linux): the engine
 * shares its cores with the broker, the database and the load generator, and when the machine is
 * busy, the engine cannot go faster by waiting less.
 */
final class MachineCpu {

  private static final Path STAT = Path.of("/proc/stat");

  private final long busy;
  private final long total;

  private MachineCpu(long busy, long total) {
    this.busy = busy;
    this.total = total;
  }

  /** Now; zeros where the machine does not say (then {@link #busySince} answers NaN). */
  static MachineCpu now() {
    try {
      // cpu  user nice system idle iowait irq softirq steal ...
      long[] ticks =
          Arrays.stream(Files.readAllLines(STAT).get(0).trim().split("\\s+"))
              .skip(1)
              .mapToLong(Long::parseLong)
              .toArray();
      long total = Arrays.stream(ticks).limit(8).sum();
      return new MachineCpu(total - ticks[3] - ticks[4], total);
    } catch (IOException | RuntimeException unavailable) {
      return new MachineCpu(0, 0);
    }
  }

  /** The share of all cores that was busy since {@code before}, from 0 to 1. */
  double busySince(MachineCpu before) {
    long elapsed = total - before.total;
    return elapsed <= 0 ? Double.NaN : (double) (busy - before.busy) / elapsed;
  }
}
