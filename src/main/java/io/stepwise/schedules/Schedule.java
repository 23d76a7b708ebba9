package io.stepwise.schedules;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One cron schedule of one workflow. Pure: it computes firings and the instance id of each, and
 * knows no clock.
 */
public final class Schedule {

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String workflow;
  private final String expression;
  private final Cron quartz;
  private final ExecutionTime executions;

  private Schedule(String workflow, String expression, Cron quartz) {
    this.workflow = workflow;
    this.expression = expression;
    this.quartz = quartz;
    this.executions = ExecutionTime.forCron(quartz);
  }

  /**
   * Parses a Unix (5 fields) or Quartz (6–7 fields) expression; a clear error when it is neither.
   */
  public static Schedule parse(String workflow, String expression) {
    String trimmed = expression.trim();
    int fields = trimmed.split("\\s+").length;
    try {
      Cron quartz =
          fields == 5
              ? CronMapper.fromUnixToQuartz().map(UNIX.parse(trimmed))
              : QUARTZ.parse(trimmed);
      return new Schedule(workflow, trimmed, quartz.validate());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "workflow '"
              + workflow
              + "': invalid cron '"
              + expression
              + "' ("
              + e.getMessage()
              + "); use Unix cron (5 fields) or Quartz cron (6-7 fields, seconds first)",
          e);
    }
  }

  public String workflow() {
    return workflow;
  }

  public String expression() {
    return expression;
  }

  /** The expression in Quartz syntax, as the scheduler takes it. */
  public String quartzExpression() {
    return quartz.asString();
  }

  /**
   * The id of the instance a firing creates: derived from the firing time and the expression, so
   * every replica that sees the same firing creates the same id, and only one of them succeeds.
   */
  public String instanceId(Instant firing) {
    return "cron-" + ID_TIME.format(firing) + "-" + shortHash(expression);
  }

  /** Firings in {@code (after, until]}, oldest first, at most {@code max} (the newest ones). */
  public List<Instant> firingsBetween(Instant after, Instant until, int max) {
    List<Instant> firings = new ArrayList<>();
    Optional<ZonedDateTime> previous =
        executions.lastExecution(until.atZone(ZoneOffset.UTC).plusNanos(1));
    while (previous.isPresent()
        && previous.get().toInstant().isAfter(after)
        && firings.size() < max) {
      firings.add(0, previous.get().toInstant());
      previous = executions.lastExecution(previous.get());
    }
    return firings;
  }

  /** The gap after a firing to the next one, or empty if the expression never fires again. */
  public Optional<Duration> timeToNext(Instant from) {
    return executions.timeToNextExecution(from.atZone(ZoneOffset.UTC));
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public String toString() {
    return workflow + "@" + expression;
  }
}
