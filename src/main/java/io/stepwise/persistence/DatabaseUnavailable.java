package io.stepwise.persistence;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Recognises a failure that means the database cannot be reached or used now (refused or lost
 * connections, a server shutting down, a full pool), as opposed to a wrong query or a conflict: the
 * caller may try again later. Looks through causes, suppressed errors and Mutiny's
 * CompositeException, which is how the reactive client and Hibernate Reactive hand them over.
 */
public final class DatabaseUnavailable {

  /** SQLSTATEs of a server that is going away, refuses connections or has none left. */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "53400");

  private DatabaseUnavailable() {}

  public static boolean isCause(Throwable error) {
    Deque<Throwable> pending = new ArrayDeque<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    if (error == null) {
      return false;
    }
    pending.push(error);
    while (!pending.isEmpty()) {
      Throwable t = pending.pop();
      if (seen.put(t, true) != null) {
        continue;
      }
      if (isUnavailable(t)) {
        return true;
      }
      if (t.getCause() != null) {
        pending.push(t.getCause());
      }
      for (Throwable suppressed : t.getSuppressed()) {
        pending.push(suppressed);
      }
      if (t instanceof CompositeException composite) {
        composite.getCauses().stream().filter(java.util.Objects::nonNull).forEach(pending::push);
      }
    }
    return false;
  }

  private static boolean isUnavailable(Throwable t) {
    if (t instanceof PgException pg) {
      String state = pg.getSqlState();
      // FATAL: the server ends the session (e.g. it does not accept connections to this database
      // now). Not a refused login (class 28): that is the configuration, and a retry cannot help.
      boolean refusedLogin = state != null && state.startsWith("28");
      return (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)))
          || (!refusedLogin
              && ("FATAL".equals(pg.getSeverity()) || "PANIC".equals(pg.getSeverity())));
    }
    return t instanceof java.net.ConnectException
        // a pooled connection whose server session was ended: writing to it is refused by the
        // socket ("Broken pipe", "Connection reset by peer"), before PostgreSQL can say why
        || t instanceof java.net.SocketException
        || t.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException")
        || t instanceof java.nio.channels.ClosedChannelException
        // the reactive client refuses a command on a connection it is closing (its only sign)
        || (t instanceof io.vertx.core.VertxException
            && t.getMessage() != null
            && t.getMessage().startsWith("Connection not open"))
        || t instanceof io.vertx.sqlclient.ClosedConnectionException
        || t instanceof io.netty.channel.ConnectTimeoutException
        || t instanceof org.hibernate.exception.JDBCConnectionException
        // the pool's wait for a connection timed out (Vert.x's internal
        // NoStackTraceTimeoutException)
        || t.getClass().getSimpleName().equals("NoStackTraceTimeoutException");
  }
}
