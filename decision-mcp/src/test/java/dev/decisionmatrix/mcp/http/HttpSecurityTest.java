package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Host, Origin and bearer-token checks. */
class HttpSecurityTest {

  @Test
  void loopbackHostsAreAlwaysAllowedWithOrWithoutPort() {
    HttpSecurity s = new HttpSecurity(List.of(), List.of(), null);

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
    assertThat(new HttpSecurity(List.of("MCP.example.com:443"), List.of(), "t").hostAllowed("mcp.example.com")).isTrue();
    assertThat(new HttpSecurity(List.of("*"), List.of(), "t").hostAllowed("anything")).isTrue();
  }

  @Test
  void originsMustBeListedOrOnAnAllowedHost() {
    HttpSecurity s = new HttpSecurity(List.of(), List.of("https://app.example.com/"), null);

    assertThat(s.originAllowed("http://localhost:3000")).isTrue();
    assertThat(s.originAllowed("http://[::1]:3000")).isTrue();
    assertThat(s.originAllowed("https://app.example.com")).isTrue();
    assertThat(s.originAllowed("https://evil.example.com")).isFalse();
    assertThat(s.originAllowed("null")).isFalse();
    assertThat(s.originAllowed("file://localhost")).isFalse();
  }

  @Test
  void theTokenMustMatchExactly() {
    HttpSecurity s = new HttpSecurity(List.of(), List.of(), "s3cret");

    assertThat(s.requiresToken()).isTrue();
    assertThat(s.authorized("Bearer s3cret")).isTrue();
    assertThat(s.authorized("bearer s3cret")).isTrue();
    assertThat(s.authorized("Bearer s3cre")).isFalse();
    assertThat(s.authorized("Bearer s3crett")).isFalse();
    assertThat(s.authorized("s3cret")).isFalse();
    assertThat(s.authorized(null)).isFalse();
    assertThat(new HttpSecurity(List.of(), List.of(), null).authorized(null)).isTrue();
  }
}
