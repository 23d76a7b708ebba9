package io.stepwise.persistence;

import io.smallrye.mutiny.Uni;
import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.Transition;
import java.util.Optional;

/**
 * What a commit's checks found under the instance's row lock, before anything is written: it may
 * write (the status the row had and the transition as it takes effect on it), or it is refused —
 * the instance moved on (stale: the answer is empty), or a newer attempt fenced it or the status
 * table forbids the transition (the answer fails). A refused commit never spoils the transaction it
 * is in, which is what lets commits of different instances share one.
 */
sealed interface CommitCheck {

  /** The checks passed. */
  record Allowed(InstanceStatus current, Transition effective) implements CommitCheck {}

  /** The commit writes nothing; {@code failure} is null when it is only stale. */
  record Refused(RuntimeException failure) implements CommitCheck {
    Uni<Optional<Committed>> answer() {
      return failure == null
          ? Uni.createFrom().item(Optional.empty())
          : Uni.createFrom().failure(failure);
    }
  }

  Refused STALE = new Refused(null);
}
