package io.stepwise.operations;

import io.stepwise.persistence.DatabaseUnavailable;

/**
 * What the operations' failures say about the service's dependencies, for the adapters that answer
 * callers (REST answers 503 with Retry-After) without knowing the persistence layer.
 */
public final class Outages {

  private Outages() {}

  /** Whether the operation failed because the database cannot be reached or used now. */
  public static boolean databaseUnavailable(Throwable error) {
    return DatabaseUnavailable.isCause(error);
  }
}
