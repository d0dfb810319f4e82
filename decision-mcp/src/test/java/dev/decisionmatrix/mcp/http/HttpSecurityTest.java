package dev.decisionmatrix.mcp.http;

import dev.decisionmatrix.mcp.tools.Caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Host, Origin and bearer-token checks. */
class HttpSecurityTest {

  @Test
  void loopbackHostsAreAlwaysAllowedWithOrWithoutPort() {
    HttpSecurity s = new HttpSecurity(List.of(), List.of(), BearerTokens.none());

    assertThat(s.hostAllowed("localhost")).isTrue();
    assertThat(s.hostAllowed("localhost:8080")).isTrue();
    assertThat(s.hostAllowed("127.0.0.1:1")).isTrue();
    assertThat(s.hostAllowed("[::1]:8080")).isTrue();
    assertThat(s.hostAllowed("evil.com")).isFalse();
    assertThat(s.hostAllowed("localhost.evil.com")).isFalse();
    assertThat(s.hostAllowed("")).isFalse();
    assertThat(s.hostAllowed(null)).isFalse();
  }

  @Test
  void extraHostsAndTheWildcard() {
    assertThat(new HttpSecurity(List.of("MCP.example.com:443"), List.of(), BearerTokens.single("t")).hostAllowed("mcp.example.com")).isTrue();
    assertThat(new HttpSecurity(List.of("*"), List.of(), BearerTokens.single("t")).hostAllowed("anything")).isTrue();
  }

  @Test
  void originsMustBeListedOrOnAnAllowedHost() {
    HttpSecurity s = new HttpSecurity(List.of(), List.of("https://app.example.com/"), BearerTokens.none());

    assertThat(s.originAllowed("http://localhost:3000")).isTrue();
    assertThat(s.originAllowed("http://[::1]:3000")).isTrue();
    assertThat(s.originAllowed("https://app.example.com")).isTrue();
    assertThat(s.originAllowed("https://evil.example.com")).isFalse();
    assertThat(s.originAllowed("null")).isFalse();
    assertThat(s.originAllowed("file://localhost")).isFalse();
  }

  @Test
  void theTokenMustMatchExactly() {
    HttpSecurity s = new HttpSecurity(List.of(), List.of(), BearerTokens.single("s3cret"));

    assertThat(s.requiresToken()).isTrue();
    assertThat(s.authenticate("Bearer s3cret")).contains(Caller.LOCAL);
    assertThat(s.authenticate("bearer s3cret")).contains(Caller.LOCAL);
    assertThat(s.authenticate("Bearer s3cre")).isEmpty();
    assertThat(s.authenticate("Bearer s3crett")).isEmpty();
    assertThat(s.authenticate("s3cret")).isEmpty();
    assertThat(s.authenticate(null)).isEmpty();
    assertThat(new HttpSecurity(List.of(), List.of(), BearerTokens.none()).authenticate(null)).contains(Caller.LOCAL);
  }
}
