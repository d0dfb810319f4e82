package dev.decisionmatrix.backends.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void removesTheConfiguredKeyAndKeyLikeTokens() {
    Redactor r = Redactor.of("my-private-gateway-key-123");

    assertThat(r.redact("bad key my-private-gateway-key-123 given")).isEqualTo("bad key *** given");
    assertThat(r.redact("Incorrect API key provided: sk-proj-abcDEF1234567890")).isEqualTo("Incorrect API key provided: ***");
    assertThat(r.redact("key sk-ant-api03-xyz_ABC-1234567")).isEqualTo("key ***");
    assertThat(r.redact("Authorization: Bearer abcdefghijklmnop")).isEqualTo("Authorization: Bearer ***");
    assertThat(r.redact("access key AKIAIOSFODNN7EXAMPLE")).isEqualTo("access key ***");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    Redactor r = Redactor.of("k", null, "  ");

    assertThat(r.redact("the model is not known; ask-me later")).isEqualTo("the model is not known; ask-me later");
    assertThat(r.redact(null)).isEmpty();
  }

  @Test
  void redactsSecretLookingExtraHeaders() {
    Redactor r = Redactor.forKeyAndHeaders(null, Map.of("X-Proxy-Token", "Bearer tok-98765", "X-Trace", "trace-12345"));

    assertThat(r.redact("echo tok-98765 and trace-12345")).isEqualTo("echo *** and trace-12345");
  }
}
