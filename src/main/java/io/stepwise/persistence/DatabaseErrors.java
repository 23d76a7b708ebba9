package io.stepwise.persistence;

import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

/** Recognises the database errors the engine treats as outcomes rather than failures. */
final class DatabaseErrors {

  private static final String UNIQUE_VIOLATION = "23505";

  private DatabaseErrors() {}

  static boolean isUniqueViolation(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof org.hibernate.exception.ConstraintViolationException
          || (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))) {
        return true;
      }
    }
    return false;
  }

  /** Another transition committed first (its version check failed). */
  static boolean isLostRace(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
        return true;
      }
    }
    return isUniqueViolation(error);
  }
}
