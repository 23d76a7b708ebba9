package io.stepwise.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads what the engine stored, straight from PostgreSQL (what REST does not show). */
final class TestDatabase {

  record Row(long pk, long seq, String status) {}

  private TestDatabase() {}

  /** A connection of its own to the service's database. */
  static Connection connect() throws SQLException {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        "");
  }

  /** How many sessions of the service's database wait for a lock now. */
  static int waitingForLocks() throws SQLException {
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "select count(*) from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock'");
        ResultSet rs = q.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static Row instance(String workflow, String id) throws SQLException {
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "select pk, seq, status from workflow_instance where workflow = ? and instance_id = ?")) {
      q.setString(1, workflow);
      q.setString(2, id);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no instance " + workflow + "/" + id);
        }
        return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3));
      }
    }
  }
}
