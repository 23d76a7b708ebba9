package io.stepwise.persistence;

/** An instance and the sequence it is at: what a step message for it must carry. */
public record InstanceRef(long pk, long seq) {}
