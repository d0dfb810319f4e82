package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.mcp.tools.Caller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens files: one principal per token, digests only, and errors that never quote a secret. */
class BearerTokensTest {

  private static final String ALICE = "alice-token-" + "1".repeat(32);
  private static final String BOB = "bob-token-" + "2".repeat(32);

  @TempDir Path dir;

  private static String entry(String principal, String token) {
    return principal + ":sha256:" + BearerTokens.digest(token);
  }

  @Test
  void eachTokenStandsForItsPrincipalAndOnlyDigestsAreKept() {
    BearerTokens tokens = BearerTokens.parse("# team\n\n" + entry("alice", ALICE) + "\r\n  " + entry("bob@example.com", BOB) + "  # laptop\n", "f");

    assertThat(tokens.required()).isTrue();
    assertThat(tokens.authenticate("Bearer " + ALICE)).contains(Caller.named("alice"));
    assertThat(tokens.authenticate("bearer  " + BOB + " ")).contains(Caller.named("bob@example.com"));
    assertThat(tokens.authenticate("Bearer " + ALICE + "x")).isEmpty();
    assertThat(tokens.authenticate("Bearer " + BearerTokens.digest(ALICE))).as("a digest is not a token").isEmpty();
    assertThat(tokens.authenticate(ALICE)).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
    assertThat(tokens.principals()).containsExactly("alice", "bob@example.com");
    assertThat(tokens.singleTokenLength()).isEqualTo(-1);
    assertThat(tokens.toString()).doesNotContain(BearerTokens.digest(ALICE), "alice");
  }

  @Test
  void aPrincipalMayHaveSeveralTokensButATokenOnlyOnePrincipal() {
    BearerTokens rotated = BearerTokens.parse(entry("alice", ALICE) + "\n" + entry("alice", BOB) + "\n" + entry("alice", ALICE), "f");
    assertThat(rotated.authenticate("Bearer " + BOB)).contains(Caller.named("alice"));

    assertThatThrownBy(() -> BearerTokens.parse(entry("alice", ALICE) + "\n" + entry("mallory", ALICE), "the tokens file t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the tokens file t line 2")
        .hasMessageContaining("already belongs to \"alice\"")
        .hasMessageNotContaining(BearerTokens.digest(ALICE));
  }

  @Test
  void aLineThatIsNotADigestEntryIsNamedByNumberWithoutQuotingIt() {
    assertThatThrownBy(() -> BearerTokens.parse(entry("alice", ALICE) + "\nbob:" + BOB + "\n", "the tokens file t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the tokens file t line 2")
        .hasMessageContaining("principal:sha256:")
        .hasMessageContaining("sha256sum")
        .hasMessageNotContaining(BOB);
    assertThatThrownBy(() -> BearerTokens.parse("has space:sha256:" + BearerTokens.digest(BOB), "f")).hasMessageContaining("f line 1");
    assertThatThrownBy(() -> BearerTokens.parse("alice:sha256:abc", "f")).hasMessageContaining("f line 1");
  }

  @Test
  void aFileWithoutTokensOrUnreadableIsRefused() throws Exception {
    assertThatThrownBy(() -> BearerTokens.parse("# nobody yet\n\n", "f")).hasMessageContaining("f holds no token");
    assertThatThrownBy(() -> BearerTokens.load(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read").hasMessageContaining("missing");
    Path latin1 = dir.resolve("latin1");
    Files.write(latin1, new byte[] {'a', ':', (byte) 0xE9});
    assertThatThrownBy(() -> BearerTokens.load(latin1)).hasMessageContaining("is not UTF-8 text");
    Path good = dir.resolve("tokens");
    Files.writeString(good, entry("alice", ALICE) + "\n", StandardCharsets.UTF_8);
    assertThat(BearerTokens.load(good).authenticate("Bearer " + ALICE)).contains(Caller.named("alice"));
  }

  @Test
  void oneSharedTokenIsTheLocalUserAndNoTokenLetsEveryoneIn() {
    BearerTokens shared = BearerTokens.single("  " + ALICE + " ");
    assertThat(shared.authenticate("Bearer " + ALICE)).contains(Caller.LOCAL);
    assertThat(shared.singleTokenLength()).isEqualTo(ALICE.length());
    assertThat(shared.principals()).isEmpty();
    assertThat(BearerTokens.single(" ").required()).isFalse();
    assertThat(BearerTokens.none().authenticate(null)).contains(Caller.LOCAL);
  }
}
