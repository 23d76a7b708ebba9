package io.stepwise.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Authenticates REST calls by API key: {@code Authorization: Bearer <key>}. Keys and their roles
 * come from {@code stepwise.auth.keys.read} and {@code stepwise.auth.keys.operate} (comma
 * separated; in Kubernetes, environment variables from a Secret).
 *
 * <p>Authentication is lazy ({@code quarkus.http.auth.proactive=false}): only the resources that
 * name a role ask for it, so health and metrics stay open to probes and scrapers, and a refusal
 * reaches the REST layer, which answers it with a JSON body like every other error.
 *
 * <p>With {@code stepwise.auth.enabled=false} (dev mode, tests, the embedded local default) every
 * caller has both roles.
 */
@Startup // checks the keys at start: a service with no key configured must not come up at all
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

  private static final Logger LOG = Logger.getLogger(ApiKeyMechanism.class);
  private static final String BEARER = "Bearer ";
  private static final SecurityIdentity LOCAL =
      QuarkusSecurityIdentity.builder()
          .setPrincipal(new QuarkusPrincipal("local"))
          .addRoles(Set.of(Roles.READ, Roles.OPERATE))
          .build();

  private final boolean enabled;
  private final ApiKeys keys;

  ApiKeyMechanism(
      @ConfigProperty(name = "stepwise.auth.enabled", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "stepwise.auth.keys.read") Optional<List<String>> readKeys,
      @ConfigProperty(name = "stepwise.auth.keys.operate") Optional<List<String>> operateKeys) {
    this.enabled = enabled;
    this.keys = new ApiKeys(readKeys.orElse(List.of()), operateKeys.orElse(List.of()));
    if (enabled && keys.isEmpty()) {
      // Refusing to start beats starting open, or starting closed to everyone.
      throw new IllegalStateException(
          "STEPWISE-020 authentication is on but no API key is configured: set"
              + " STEPWISE_AUTH_KEYS_OPERATE (and STEPWISE_AUTH_KEYS_READ for read-only callers), or"
              + " STEPWISE_AUTH_ENABLED=false where every caller is trusted");
    }
    if (!enabled && LaunchMode.current() == LaunchMode.NORMAL) {
      LOG.warn(
          "STEPWISE-021 authentication is off: every caller of the REST API may operate every instance");
    }
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    if (!enabled) {
      return Uni.createFrom().item(LOCAL);
    }
    List<String> headers = context.request().headers().getAll("Authorization");
    if (headers.isEmpty()) {
      return Uni.createFrom().nullItem(); // anonymous: a resource that needs a role answers 401
    }
    if (headers.size() > 1) {
      // Which one would count is up to every proxy on the way: refuse rather than guess.
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(
                  "send one Authorization header, not " + headers.size()));
    }
    String header = headers.get(0);
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(
                  "the Authorization header must be 'Bearer <API key>'"));
    }
    String key = header.substring(BEARER.length()).trim();
    return keys.rolesOf(key)
        .map(
            roles ->
                Uni.createFrom()
                    .item(
                        (SecurityIdentity)
                            QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal("api-key"))
                                .addRoles(roles)
                                .build()))
        // The message never repeats the key: error bodies and logs must not carry secrets.
        .orElseGet(
            () ->
                Uni.createFrom()
                    .failure(new AuthenticationFailedException("the API key is not valid")));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom()
        .item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"stepwise\""));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(); // the mechanism checks keys itself; no identity provider is involved
  }
}
