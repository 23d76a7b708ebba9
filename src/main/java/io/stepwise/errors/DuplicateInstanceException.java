package io.stepwise.errors;

/** An instance with this id already exists in this workflow. */
public class DuplicateInstanceException extends RuntimeException {
  public DuplicateInstanceException(String workflow, String instanceId) {
    super("workflow '" + workflow + "' already has an instance with id '" + instanceId + "'");
  }
}
