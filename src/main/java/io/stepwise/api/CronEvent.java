package io.stepwise.api;

import java.time.Instant;

/**
 * The params of an instance started by a {@link CronSchedule}.
 *
 * @param cron the expression that fired
 * @param scheduledTime the firing it stands for (not when it was actually created)
 */
public record CronEvent(String cron, Instant scheduledTime) {}
