package io.stepwise.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded default takes as configured by the application (and so leaves alone): its own
 * files and the active profile's keys, never Stepwise's shipped defaults.
 */
class ApplicationSettingsTest {

  @Test
  void settingsInTheApplicationsFilesCountForItsProfileOnly(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        dir.resolve("config/application.properties"),
        String.join(
            "\n",
            "%prod.kafka.bootstrap.servers=kafka:9092",
            "%test.quarkus.datasource.reactive.url=postgresql://elsewhere/db",
            "stepwise.embedded.enabled=yes"));
    Files.writeString(
        dir.resolve(".env"), "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db:5432/app\n");

    // a plain JVM (no quarkus.profile) runs as java -jar does: the prod profile
    ApplicationSettings settings = ApplicationSettings.read(dir);

    assertThat(settings.value("kafka.bootstrap.servers")).contains("kafka:9092");
    assertThat(settings.isSet("quarkus.datasource.reactive.url"))
        .as("a %test key under the prod profile")
        .isFalse();
    assertThat(settings.value("quarkus.datasource.jdbc.url"))
        .contains("jdbc:postgresql://db:5432/app");
    assertThat(settings.flag("stepwise.embedded.enabled", false)).isTrue();
  }

  @Test
  void stepwisesOwnDefaultsAreNotTheApplicationsChoice(@TempDir Path dir) {
    ApplicationSettings settings = ApplicationSettings.read(dir);

    // META-INF/microprofile-config.properties sets it; the application did not
    assertThat(settings.isSet("stepwise.dead-letter.topic")).isFalse();
    assertThat(settings.flag("stepwise.embedded.enabled", true)).isTrue();
  }

  @Test
  void theEmbeddedDatabaseIsNamedAfterTheApplication() {
    assertThat(StepwiseMain.databaseName("stepwise")).isEqualTo("stepwise");
    assertThat(StepwiseMain.databaseName("My-Orders.v2")).isEqualTo("my_orders_v2");
    assertThat(StepwiseMain.databaseName("2fa")).isEqualTo("app_2fa");
  }
}
