package io.stepwise.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delay tiers of the timer service: one topic per hold time, {@code stepwise.timers.<hold>}.
 *
 * <p>A timer enters the largest tier whose hold is not longer than its remaining time. The tier's
 * consumer holds it until {@code min(dueAt, enqueuedAt + hold)} and routes it again: to a smaller
 * tier as it nears its due time, to the steps topic once due. Because every message of a tier is
 * held for the same time, a partition's messages become ready in offset order, so the consumer can
 * pause a partition until its head is ready. Only the smallest tier holds messages for less than
 * its hold (until their exact due time), which is why it is short.
 *
 * <p>Pure: no Kafka, no clock.
 */
public final class TimerTiers {

  public static final String TOPIC_PREFIX = "stepwise.timers.";

  private static final Pattern LABEL = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /**
   * 1 s to 1 day, a factor of 6–24 apart: a year-long sleep takes about 380 hops (one a day), and
   * no message stays in a topic longer than a day. The smallest tier is short because it is the
   * only one that holds messages for less than its hold, out of offset order.
   */
  public static final String DEFAULT_HOLDS = "1s,10s,1m,10m,1h,1d";

  public static final TimerTiers DEFAULT = parse(DEFAULT_HOLDS);

  private final List<Duration> holds;

  public TimerTiers(List<Duration> holds) {
    if (holds.isEmpty()) {
      throw new IllegalArgumentException("at least one timer tier is needed");
    }
    if (holds.stream().anyMatch(h -> h.isZero() || h.isNegative())
        || holds.stream().distinct().count() != holds.size()) {
      throw new IllegalArgumentException(
          "timer tiers must be distinct positive durations, were " + holds);
    }
    this.holds = holds.stream().sorted(Comparator.naturalOrder()).toList();
  }

  /** Reads a comma-separated list of holds, such as {@code 1s,10s,1m,10m,1h,1d}. */
  public static TimerTiers parse(String holds) {
    List<Duration> parsed = new java.util.ArrayList<>();
    for (String label : holds.split(",")) {
      parsed.add(
          parseHold(label.trim())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "timer tier '"
                              + label.trim()
                              + "' is not a duration such as 500ms, 1s, 10m, 1h or 1d")));
    }
    return new TimerTiers(parsed);
  }

  /**
   * The longest hold: how long a message may sit in a tier topic (its retention must be longer).
   */
  public Duration longestHold() {
    return holds.get(holds.size() - 1);
  }

  /** Where a timer goes next. */
  public sealed interface Route {
    /** Due: publish it to the steps topic now. */
    record Due() implements Route {}

    /** Not due: send it to the tier with this hold. */
    record Tier(Duration hold) implements Route {}
  }

  public Route route(Instant dueAt, Instant now) {
    Duration remaining = Duration.between(now, dueAt);
    if (remaining.isNegative() || remaining.isZero()) {
      return new Route.Due();
    }
    Duration tier = holds.get(0);
    for (Duration hold : holds) {
      if (hold.compareTo(remaining) <= 0) {
        tier = hold;
      }
    }
    return new Route.Tier(tier);
  }

  /**
   * When a message that entered the tier {@code hold} at {@code enqueuedAt} is ready to move on.
   */
  public static Instant readyAt(Duration hold, Instant enqueuedAt, Instant dueAt) {
    Instant heldUntil = enqueuedAt.plus(hold);
    return dueAt.isBefore(heldUntil) ? dueAt : heldUntil;
  }

  /** Whether messages of this tier become ready in offset order (all but the smallest tier). */
  public boolean isOrdered(Duration hold) {
    return !hold.equals(holds.get(0));
  }

  public List<String> topics() {
    return holds.stream().map(TimerTiers::topic).toList();
  }

  public static String topic(Duration hold) {
    return TOPIC_PREFIX + label(hold);
  }

  /** The tier a topic stands for, if it is a timer topic. */
  public static Optional<Duration> holdOf(String topic) {
    if (!topic.startsWith(TOPIC_PREFIX)) {
      return Optional.empty();
    }
    return parseHold(topic.substring(TOPIC_PREFIX.length()));
  }

  private static Optional<Duration> parseHold(String label) {
    Matcher m = LABEL.matcher(label);
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
  }

  static String label(Duration hold) {
    long ms = hold.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
