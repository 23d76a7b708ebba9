package io.stepwise.persistence;

/**
 * What sending an event did.
 *
 * @param duplicate an event with the same sender's id was stored before: nothing was stored now
 * @param waiting the instance, if it waits: its step message must be published so that it takes the
 *     event now (null: a later waitForEvent finds it)
 */
public record StoredEvent(boolean duplicate, InstanceRef waiting) {}
