package io.stepwise.api;

/**
 * What a step body knows about itself.
 *
 * @param instanceId the instance the step belongs to
 * @param stepName the step's name
 * @param count the occurrence of this name in the instance (1 for the first call)
 * @param attempt the attempt number, starting at 1
 */
public record StepContext(String instanceId, String stepName, int count, int attempt) {}
