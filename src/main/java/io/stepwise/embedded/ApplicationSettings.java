package io.stepwise.embedded;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the application itself configured before Quarkus starts: system properties, environment
 * variables, a {@code .env} file and its {@code application.properties} (in the jar, or in {@code
 * config/} under the working directory), for the active profile. Stepwise's own defaults (its
 * {@code META-INF/microprofile-config.properties}) are left out on purpose: the embedded default
 * must start only for what the application did not set, and a default such as {@code
 * kafka.bootstrap.servers=localhost:9092} is not a choice.
 */
final class ApplicationSettings {

  private final SmallRyeConfig config;

  private ApplicationSettings(SmallRyeConfig config) {
    this.config = config;
  }

  static ApplicationSettings read() {
    return read(Path.of(""));
  }

  /**
   * As Quarkus reads them from {@code workingDirectory} ({@code .env}, {@code
   * config/application.properties}).
   */
  static ApplicationSettings read(Path workingDirectory) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder()
            .forClassLoader(loader)
            .addSystemSources()
            .withSources(
                DotEnvConfigSourceProvider.dotEnvSources(
                    workingDirectory.resolve(".env").toAbsolutePath().toUri().toString(), loader))
            .withSources(
                PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
            .withSources(
                PropertiesConfigSourceLoader.inFileSystem(
                    workingDirectory
                        .resolve("config")
                        .resolve("application.properties")
                        .toAbsolutePath()
                        .toUri()
                        .toString(),
                    260,
                    loader))
            .withProfile(activeProfile());
    return new ApplicationSettings(builder.build());
  }

  /**
   * {@code quarkus.profile} when set, else the launch mode's (prod for a jar, dev for quarkus:dev).
   */
  private static String activeProfile() {
    String set = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
    return set != null && !set.isBlank() ? set : LaunchMode.current().getDefaultProfile();
  }

  /** Whether the application set the property (by that name, or as its environment variable). */
  boolean isSet(String property) {
    return value(property).isPresent();
  }

  Optional<String> value(String property) {
    return config.getOptionalValue(property, String.class).filter(v -> !v.isBlank());
  }

  /** A boolean as Quarkus reads it ({@code true}, {@code 1}, {@code yes}, {@code on}…). */
  boolean flag(String property, boolean otherwise) {
    return config.getOptionalValue(property, Boolean.class).orElse(otherwise);
  }
}
