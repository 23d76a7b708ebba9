package io.stepwise.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stepwise.api.CronEvent;
import io.stepwise.api.CronSchedule;
import io.stepwise.errors.DuplicateInstanceException;
import io.stepwise.errors.InvalidInputException;
import io.stepwise.runtime.InstanceService;
import io.stepwise.runtime.RegisteredWorkflow;
import io.stepwise.runtime.WorkflowRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the workflows' cron schedules ({@link CronSchedule} and {@code stepwise.schedules.*}).
 *
 * <p>Every replica fires every schedule; each firing creates the instance whose id the firing
 * determines, so exactly one replica succeeds and the others see the id taken. At start, firings
 * missed while no replica ran are caught up as {@code stepwise.cron.catch-up} says (last, all
 * within {@code stepwise.cron.catch-up-window}, or none).
 */
@ApplicationScoped
public class CronScheduler {

  static final String CONFIG_PREFIX = "stepwise.schedules.";
  private static final int MAX_CATCH_UP = 1000;
  private static final Logger LOG = Logger.getLogger(CronScheduler.class);

  private final WorkflowRegistry registry;
  private final InstanceService instances;
  private final Scheduler scheduler;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Config config;
  private final boolean enabled;
  private final CatchUp catchUp;
  private final Duration catchUpWindow;
  private final List<Schedule> schedules = new ArrayList<>();
  private final Map<Schedule, Instant> covered = new ConcurrentHashMap<>();

  CronScheduler(
      WorkflowRegistry registry,
      InstanceService instances,
      Scheduler scheduler,
      ObjectMapper mapper,
      Clock clock,
      Config config,
      @ConfigProperty(name = "stepwise.cron.enabled", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "stepwise.cron.catch-up", defaultValue = "last") CatchUp catchUp,
      @ConfigProperty(name = "stepwise.cron.catch-up-window", defaultValue = "P1D")
          Duration catchUpWindow) {
    this.registry = registry;
    this.instances = instances;
    this.scheduler = scheduler;
    this.mapper = mapper;
    this.clock = clock;
    this.config = config;
    this.enabled = enabled;
    this.catchUp = catchUp;
    this.catchUpWindow = catchUpWindow;
  }

  /** The schedules in force, for tests and operators. */
  public List<Schedule> schedules() {
    return List.copyOf(schedules);
  }

  void start(@Observes StartupEvent start) {
    schedules.addAll(declaredSchedules());
    if (!enabled) {
      LOG.infof("STEPWISE-070 cron schedules are off (stepwise.cron.enabled=false): %s", schedules);
      return;
    }
    schedules.forEach(this::checkParams);
    Instant now = clock.instant();
    for (Schedule schedule : schedules) {
      covered.put(schedule, initialCursor(schedule, now));
      scheduler
          .newJob("stepwise-cron-" + schedule)
          .setCron(schedule.quartzExpression())
          .setTimeZone("UTC")
          .setConcurrentExecution(Scheduled.ConcurrentExecution.PROCEED)
          .setAsyncTask(execution -> fireUpTo(schedule, execution.getScheduledFireTime()))
          .schedule();
    }
    try {
      // Hibernate Reactive needs a Vert.x context; startup observers run on the main thread.
      VertxContextSupport.subscribeAndAwait(
          () ->
              Multi.createFrom()
                  .iterable(schedules)
                  .onItem()
                  .transformToUniAndConcatenate(schedule -> fireUpTo(schedule, now))
                  .collect()
                  .asList());
    } catch (Throwable e) {
      LOG.errorf(e, "STEPWISE-072 cron catch-up failed; the schedules still run");
    }
    LOG.infof("STEPWISE-071 cron schedules started: %s (catch-up: %s)", schedules, catchUp);
  }

  /** Where a schedule starts: firings after this instant are created (the catch-up policy). */
  private Instant initialCursor(Schedule schedule, Instant now) {
    return switch (catchUp) {
      case NONE -> now;
      case ALL -> now.minus(catchUpWindow);
      case LAST ->
          schedule.firingsBetween(now.minus(catchUpWindow), now, 1).stream()
              .findFirst()
              .map(last -> last.minusNanos(1))
              .orElse(now);
    };
  }

  /**
   * Creates every firing of the schedule after its cursor up to {@code until}, then moves the
   * cursor. Covering from the cursor, rather than firing only {@code until}, means a firing the
   * scheduler skipped (a slow tick, a pause) is still created.
   */
  private Uni<Void> fireUpTo(Schedule schedule, Instant until) {
    List<Instant> due = new ArrayList<>();
    covered.compute(
        schedule,
        (s, cursor) -> {
          due.addAll(s.firingsBetween(cursor, until, MAX_CATCH_UP));
          return cursor.isAfter(until) ? cursor : until;
        });
    return Multi.createFrom()
        .iterable(due)
        .onItem()
        .transformToUniAndConcatenate(firing -> fire(schedule, firing).replaceWith(firing))
        .collect()
        .asList()
        .replaceWithVoid();
  }

  private List<Schedule> declaredSchedules() {
    List<Schedule> declared = new ArrayList<>();
    for (RegisteredWorkflow workflow : registry.all()) {
      CronSchedule annotation = workflow.beanClass().getAnnotation(CronSchedule.class);
      if (annotation != null) {
        for (String expression : annotation.value()) {
          declared.add(Schedule.parse(workflow.name(), expression));
        }
      }
    }
    for (String property : config.getPropertyNames()) {
      if (property.startsWith(CONFIG_PREFIX)) {
        String workflow = property.substring(CONFIG_PREFIX.length()).replace("\"", "");
        if (registry.find(workflow).isEmpty()) {
          throw new IllegalStateException(property + " names no registered workflow");
        }
        for (String expression : config.getValue(property, String.class).split(";")) {
          if (!expression.isBlank()) {
            declared.add(Schedule.parse(workflow, expression));
          }
        }
      }
    }
    return declared;
  }

  /**
   * Stops the service when a schedule's workflow would refuse the params every firing sends: found
   * at startup, not as a warning at each firing.
   */
  private void checkParams(Schedule schedule) {
    try {
      instances.validate(schedule.workflow(), null, params(schedule, clock.instant()));
    } catch (InvalidInputException e) {
      throw new IllegalStateException(
          "the cron schedule "
              + schedule
              + " sends params {\"cron\", \"scheduledTime\"}"
              + " that its workflow refuses ("
              + e.getMessage()
              + "): give the workflow io.stepwise.api.CronEvent as its"
              + " params type, or a type with those fields");
    }
  }

  private JsonNode params(Schedule schedule, Instant firing) {
    return mapper.valueToTree(new CronEvent(schedule.expression(), firing));
  }

  /** Creates the firing's instance; a replica that comes second finds the id taken and stops. */
  public Uni<Void> fire(Schedule schedule, Instant scheduledTime) {
    Instant firing = scheduledTime.truncatedTo(ChronoUnit.SECONDS);
    JsonNode params = params(schedule, firing);
    return Uni.createFrom()
        .deferred(() -> instances.create(schedule.workflow(), schedule.instanceId(firing), params))
        .replaceWithVoid()
        .onFailure(DuplicateInstanceException.class)
        .recoverWithNull()
        .onFailure()
        .invoke(
            error ->
                LOG.warnf(
                    error, "STEPWISE-073 %s could not start its firing of %s", schedule, firing))
        .onFailure()
        .recoverWithNull();
  }
}
