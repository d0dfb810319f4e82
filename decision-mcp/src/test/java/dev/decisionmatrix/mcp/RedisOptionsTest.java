package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.testkit.RedisProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Redis and stateless options: how they are given, what --help says, and the one-line errors
 * for a bad or unreachable Redis, which never show the password.
 */
class RedisOptionsTest {

  private static final String PASSWORD = "hunter2-very-secret";

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theRedisUrlComesFromTheEnvironmentAndTheFlagOverridesIt() {
    ServerOptions fromEnv = ServerOptions.parse(new String[0], Map.of(ServerOptions.ENV_REDIS_URL, " redis://:" + PASSWORD + "@cache:6380/2 "));
    ServerOptions fromFlag = ServerOptions.parse(new String[] {"--redis-url", "rediss://other:6379"}, Map.of(ServerOptions.ENV_REDIS_URL, "redis://x"));
    ServerOptions none = ServerOptions.parse(new String[0], Map.of());

    assertThat(fromEnv.redisUrl()).isEqualTo("redis://:" + PASSWORD + "@cache:6380/2");
    assertThat(fromEnv.redactedRedisUrl()).isEqualTo("redis://***@cache:6380/2");
    assertThat(fromEnv.toString()).doesNotContain(PASSWORD).contains("redis://***@cache:6380/2");
    assertThat(fromFlag.redisUrl()).isEqualTo("rediss://other:6379");
    assertThat(none.redisUrl()).isNull();
  }

  @Test
  void aUrlThatIsNotRedisIsRejectedWithoutShowingItsPassword() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--redis-url=http://user:" + PASSWORD + "@host:6379"}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--redis-url must be a Redis URL", "redis://", "rediss://", "http://***@host:6379")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void statelessNeedsHttpAndComesFromTheFlagOrTheEnvironment() {
    assertThat(ServerOptions.parse(new String[] {"--http", "--stateless"}, Map.of()).stateless()).isTrue();
    assertThat(ServerOptions.parse(new String[] {"--http"}, Map.of(ServerOptions.ENV_STATELESS, "TRUE")).stateless()).isTrue();
    assertThat(ServerOptions.parse(new String[] {"--http"}, Map.of()).stateless()).isFalse();

    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--stateless"}, Map.of()))
        .isInstanceOf(UsageException.class).hasMessageContaining("--stateless needs --http");
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--stdio"}, Map.of(ServerOptions.ENV_STATELESS, "true")))
        .isInstanceOf(UsageException.class).hasMessageContaining("DECISION_MATRIX_STATELESS=true needs --http");
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--http"}, Map.of(ServerOptions.ENV_STATELESS, "maybe")))
        .isInstanceOf(UsageException.class).hasMessageContaining("DECISION_MATRIX_STATELESS must be true or false");
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--http", "--stateless", "--backend", "sampling"}, Map.of()))
        .isInstanceOf(UsageException.class).hasMessageContaining("cannot send sampling requests");
  }

  @Test
  void helpSaysHowToShareThroughRedisAndWhatStatelessModeLacks() {
    Run r = run(Map.of(), "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--redis-url", "DECISION_MATRIX_REDIS_URL", "rediss://", "--stateless", "DECISION_MATRIX_STATELESS",
        "No MCP sampling there", "sticky", "/healthz", "/readyz");
  }

  @Test
  void anUnreachableRedisStopsTheStartWithOneLineNamingTheUrlButNotThePassword() throws IOException {
    String url = "redis://:" + PASSWORD + "@127.0.0.1:" + closedPort() + "/3";

    Run r = run(Map.of(ServerOptions.ENV_REDIS_URL, url), "--http", "--port", "0");

    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("cannot reach Redis redis://***@127.0.0.1:", "/3", "DECISION_MATRIX_REDIS_URL")
        .doesNotContain(PASSWORD).doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aRedisUrlWithABadDatabaseIsRejectedWithoutThePassword() {
    Run r = run(Map.of(ServerOptions.ENV_REDIS_URL, "redis://:" + PASSWORD + "@127.0.0.1:6379/not-a-number"));

    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("DECISION_MATRIX_REDIS_URL").doesNotContain(PASSWORD);
  }

  @Test
  void statelessWithoutAConfiguredProviderIsRefusedAtStart() {
    Run r = run(Map.of(), "--http", "--stateless", "--in-memory", "--port", "0");

    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("stateless", "no MCP sampling", "OPENAI_API_KEY");
  }

  @Test
  void withRedisTwoServersShareSessionsAndReadinessFollowsRedis() {
    try (RedisProcess redis = RedisProcess.start()) {
      Map<String, String> env = new HashMap<>(Map.of(ServerOptions.ENV_REDIS_URL, redis.url()));
      ServerOptions options = ServerOptions.parse(new String[] {"--http"}, env);
      try (ServerStorage a = ServerStorage.open(options); ServerStorage b = ServerStorage.open(options)) {
        Decision decision = Decision.of("Which cache?", List.of(Option.of("Redis"), Option.of("Memcached")), List.of(Criterion.of("Speed")));
        Session saved = a.store().save(Session.create(decision, null, Instant.now()));

        assertThat(b.store().get(saved.id())).hasValueSatisfying(s -> assertThat(s.decision().topic()).isEqualTo("Which cache?"));
        assertThat(a.readiness().problem()).isNull();

        redis.stop();
        assertThat(a.readiness().problem()).isEqualTo("Redis does not answer");
        redis.startAgain();
        assertThat(a.readiness().problem()).isNull();
      }
    }
  }
}
