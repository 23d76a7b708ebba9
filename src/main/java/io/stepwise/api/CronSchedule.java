package io.stepwise.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts an instance of the annotated workflow on a schedule, as Cloudflare's cron triggers do.
 * Each firing creates exactly one instance (even with several replicas), whose params are a {@link
 * CronEvent}: {@code {"cron", "scheduledTime"}}.
 *
 * <p>Expressions are Unix cron (5 fields: minute hour day-of-month month day-of-week, UTC) or
 * Quartz cron (6–7 fields, starting with seconds). Schedules may also be set in configuration:
 * {@code stepwise.schedules.<workflow>=<cron>[;<cron>…]}.
 *
 * <pre>{@code
 * @CronSchedule("0 3 * * *")        // every day at 03:00 UTC
 * @CronSchedule("0/30 * * * * ?")  // every 30 seconds (Quartz)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CronSchedule {
  String[] value();
}
