package io.stepwise.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys and the roles each grants. Keys are kept and compared as SHA-256 digests,
 * in constant time, so neither a timing difference nor a heap dump gives a key away.
 */
public final class ApiKeys {

  /** A key shorter than this is refused at start: it could be guessed. */
  static final int MIN_KEY_LENGTH = 16;

  private record Grant(byte[] digest, Set<String> roles) {}

  private final List<Grant> grants = new ArrayList<>();

  /**
   * @param readKeys keys that may read
   * @param operateKeys keys that may read and operate
   * @throws IllegalArgumentException naming the setting (never the key) when a key is too short
   */
  public ApiKeys(List<String> readKeys, List<String> operateKeys) {
    add(readKeys, Set.of(Roles.READ), "read");
    add(operateKeys, Set.of(Roles.READ, Roles.OPERATE), "operate");
  }

  private void add(List<String> keys, Set<String> roles, String setting) {
    for (String key : keys) {
      String trimmed = key.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.length() < MIN_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "an API key in stepwise.auth.keys."
                + setting
                + " is shorter than "
                + MIN_KEY_LENGTH
                + " characters; use a long random key (e.g. openssl rand -hex 32)");
      }
      grants.add(new Grant(digest(trimmed), roles));
    }
  }

  public boolean isEmpty() {
    return grants.isEmpty();
  }

  /** The roles {@code presented} grants; empty when it is no configured key. */
  public Optional<Set<String>> rolesOf(String presented) {
    byte[] digest = digest(presented);
    Set<String> found = null;
    // Every grant is compared, so the time taken does not say which key (if any) matched.
    for (Grant grant : grants) {
      if (MessageDigest.isEqual(grant.digest(), digest) && found == null) {
        found = grant.roles();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
