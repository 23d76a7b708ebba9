package io.stepwise.persistence;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * Why a commit writes nothing, found before anything is written: the instance moved on (stale: the
 * answer is empty), or the commit is not allowed (a newer attempt fenced it, the status table
 * forbids the transition: the answer fails). A refused commit never spoils the transaction it is in.
 */
record CommitRefusal(RuntimeException failure) {

  static final CommitRefusal STALE = new CommitRefusal(null);

  static CommitRefusal failed(RuntimeException failure) {
    return new CommitRefusal(failure);
  }

  Uni<Optional<Committed>> answer() {
    return failure == null ? Uni.createFrom().item(Optional.empty()) : Uni.createFrom().failure(failure);
  }
}
