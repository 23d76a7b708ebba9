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

  static Row instance(String workflow, String id) throws SQLException {
    var config = ConfigProvider.getConfig();
    try (Connection c = DriverManager.getConnection(
            config.getValue("quarkus.datasource.jdbc.url", String.class),
            config.getValue("quarkus.datasource.username", String.class), "");
        PreparedStatement q = c.prepareStatement(
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
