package io.stepwise.embedded;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the application itself configured before Quarkus starts: system properties, environment
 * variables and its {@code application.properties} (in the jar, or {@code config/} beside it),
 * for the active profile. Stepwise's own defaults (its {@code META-INF/microprofile-config.properties})
 * are left out on purpose: the embedded default must start only for what the application did not
 * set, and a default such as {@code kafka.bootstrap.servers=localhost:9092} is not a choice.
 */
final class ApplicationSettings {

  private final SmallRyeConfig config;

  private ApplicationSettings(SmallRyeConfig config) {
    this.config = config;
  }

  static ApplicationSettings read() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
        .forClassLoader(loader)
        .addSystemSources()
        .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
        .withSources(PropertiesConfigSourceLoader.inFileSystem(
            Path.of("config", "application.properties").toAbsolutePath().toUri().toString(), 260, loader))
        .withProfile(activeProfile());
    return new ApplicationSettings(builder.build());
  }

  /** {@code quarkus.profile} when set, else the launch mode's (prod for a jar, dev for quarkus:dev). */
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

  boolean flag(String property, boolean otherwise) {
    return value(property).map(Boolean::parseBoolean).orElse(otherwise);
  }
}
