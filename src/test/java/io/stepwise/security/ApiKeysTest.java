package io.stepwise.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final ApiKeys keys =
      new ApiKeys(List.of("reader-key-000000000"), List.of(" operator-key-00000000 ", ""));

  @Test
  void aReadKeyGrantsReadAndAnOperateKeyGrantsBoth() {
    assertThat(keys.rolesOf("reader-key-000000000")).contains(Set.of(Roles.READ));
    assertThat(keys.rolesOf("operator-key-00000000")).contains(Set.of(Roles.READ, Roles.OPERATE));
  }

  @Test
  void anythingElseGrantsNothing() {
    assertThat(keys.rolesOf("reader-key-00000000")).isEmpty();
    assertThat(keys.rolesOf("")).isEmpty();
    assertThat(keys.rolesOf("READER-KEY-000000000")).isEmpty();
  }

  @Test
  void aShortKeyIsRefusedWithoutBeingNamed() {
    assertThatThrownBy(() -> new ApiKeys(List.of("secret"), List.of()))
        .hasMessageContaining("stepwise.auth.keys.read")
        .hasMessageNotContaining("secret\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(" secret"));
    assertThat(new ApiKeys(List.of(), List.of(" ")).isEmpty()).isTrue();
  }
}
