package io.stepwise.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

  @Test
  void aLostOrRefusedConnectionIsUnavailableHoweverItIsWrapped() {
    var lost = new HibernateException(ClosedConnectionException.INSTANCE);
    var refused =
        new PgException(
            "database \"x\" is not currently accepting connections", "FATAL", "55000", null);
    var ended =
        new PgException(
            "terminating connection due to administrator command", "FATAL", "57P01", null);

    assertThat(DatabaseUnavailable.isCause(new CompletionException(lost))).isTrue();
    assertThat(
            DatabaseUnavailable.isCause(
                new CompositeException(
                    List.of(new IllegalStateException("rollback failed"), refused))))
        .isTrue();
    assertThat(DatabaseUnavailable.isCause(new RuntimeException(ended))).isTrue();
    assertThat(DatabaseUnavailable.isCause(new java.net.ConnectException("Connection refused")))
        .isTrue();
  }

  @Test
  void aSocketTheServerClosedIsUnavailable() {
    // a pooled connection whose session the server ended, written to before it could say why
    var reset = new java.net.SocketException("Connection reset by peer");

    assertThat(
            DatabaseUnavailable.isCause(
                new CompositeException(
                    List.of(new HibernateException(reset), new IllegalStateException("closed")))))
        .isTrue();
    assertThat(
            DatabaseUnavailable.isCause(
                new io.vertx.core.VertxException("Connection not open CLOSED")))
        .isTrue();
    assertThat(DatabaseUnavailable.isCause(new java.io.IOException("a JSON body cut short")))
        .isFalse();
  }

  @Test
  void aQueryTheDatabaseRefusesIsNot() {
    var duplicate =
        new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null);

    assertThat(DatabaseUnavailable.isCause(new HibernateException(duplicate))).isFalse();
    assertThat(DatabaseUnavailable.isCause(new IllegalStateException("a bug"))).isFalse();
    assertThat(DatabaseUnavailable.isCause(new java.util.concurrent.TimeoutException())).isFalse();
  }
}
