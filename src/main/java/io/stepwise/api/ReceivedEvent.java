package io.stepwise.api;

import java.time.Instant;

/**
 * An event delivered to a {@link WorkflowStep#waitForEvent} step.
 *
 * @param type the event's type
 * @param payload the event's payload, read as the type the workflow asked for
 * @param timestamp when the event was received
 */
public record ReceivedEvent<T>(String type, T payload, Instant timestamp) {}
