package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StorableJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void nulAndLoneSurrogatesCannotBeStoredPairsCan() throws Exception {
    assertThat(StorableJson.unstorable(mapper.readTree("{\"a\": \"x\\u0000y\"}")))
        .contains("the NUL character (\\u0000)");
    assertThat(StorableJson.unstorable(mapper.readTree("{\"a\": \"\\ud800\"}")))
        .hasValueSatisfying(what -> assertThat(what).contains("lone UTF-16 surrogate (\\uD800)"));
    assertThat(StorableJson.unstorable(mapper.readTree("{\"\\udc00\": 1}"))).isPresent();
    assertThat(StorableJson.unstorable(mapper.readTree("{\"a\": \"x\\ud83d\"}"))).isPresent();
    assertThat(StorableJson.unstorable(mapper.readTree("{\"a\": \"\\ud83d\\ude00 and é\"}")))
        .isEmpty();
    assertThat(StorableJson.unstorable((String) null)).isEmpty();
  }
}
