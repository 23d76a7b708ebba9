package io.stepwise.persistence;

/**
 * An attempt's result came after a newer attempt of the same step had started (the older one timed
 * out, or its replica lost the instance's partition while the body ran): it is not recorded.
 */
public class FencedAttemptException extends RuntimeException {

  public FencedAttemptException(String instanceId, long seq) {
    super(
        "instance "
            + instanceId
            + " at seq "
            + seq
            + ": a newer attempt started; this attempt's result is dropped",
        null,
        false,
        false);
  }
}
