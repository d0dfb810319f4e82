package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flags, environment variables, defaults, help, version and exit codes. */
class ServerOptionsTest {

  private static ServerOptions parse(Map<String, String> env, String... args) {
    return ServerOptions.parse(args, env);
  }

  @Test
  void defaultsServeStdioWithAutomaticJudge() {
    ServerOptions o = parse(Map.of("XDG_DATA_HOME", "/data"));

    assertThat(o.http()).isFalse();
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.backend()).isNull();
    assertThat(o.maxConcurrency()).isEqualTo(64);
    assertThat(o.sessionTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(o.maxSessions()).isEqualTo(1000);
    assertThat(o.httpToken()).isNull();
    assertThat(o.maxRequestBytes()).isEqualTo(1 << 20);
  }

  @Test
  void environmentConfiguresAndFlagsOverride() {
    Map<String, String> env = Map.of(
        "DECISION_MATRIX_BACKEND", "LiteLLM",
        "DECISION_MATRIX_MODEL", "env-model",
        "DECISION_MATRIX_MAX_CONCURRENCY", "4",
        "DECISION_MATRIX_DATA_DIR", "/env/dir",
        "DECISION_MATRIX_SESSION_TTL", "12h",
        "DECISION_MATRIX_MAX_SESSIONS", "50",
        "DECISION_MATRIX_HTTP_TOKEN", " s3cret ");

    ServerOptions fromEnv = parse(env);
    ServerOptions flags = parse(env, "--backend", "ollama", "--model=flag-model", "--max-concurrency", "9", "--data-dir", "/flag/dir",
        "--session-ttl", "PT90M", "--max-sessions", "7", "--http", "--host", "0.0.0.0", "--port", "0",
        "--allowed-hosts", "a.example, b.example", "--allowed-origins", "https://x.example", "--verbose", "--sampling-concurrency", "2");

    assertThat(fromEnv.backend()).isEqualTo("openai");
    assertThat(fromEnv.model()).isEqualTo("env-model");
    assertThat(fromEnv.maxConcurrency()).isEqualTo(4);
    assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/env/dir"));
    assertThat(fromEnv.sessionTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(fromEnv.maxSessions()).isEqualTo(50);
    assertThat(fromEnv.httpToken()).isEqualTo("s3cret");
    assertThat(flags.backend()).isEqualTo("ollama");
    assertThat(flags.model()).isEqualTo("flag-model");
    assertThat(flags.maxConcurrency()).isEqualTo(9);
    assertThat(flags.dataDir()).isEqualTo(Path.of("/flag/dir"));
    assertThat(flags.sessionTtl()).isEqualTo(Duration.ofMinutes(90));
    assertThat(flags.maxSessions()).isEqualTo(7);
    assertThat(flags.http()).isTrue();
    assertThat(flags.host()).isEqualTo("0.0.0.0");
    assertThat(flags.port()).isZero();
    assertThat(flags.allowedHosts()).containsExactly("a.example", "b.example");
    assertThat(flags.allowedOrigins()).containsExactly("https://x.example");
    assertThat(flags.verbose()).isTrue();
    assertThat(flags.samplingConcurrency()).isEqualTo(2);
  }

  @Test
  void judgmentsAreCachedInTheDataDirectoryUnlessToldOtherwise() {
    assertThat(parse(Map.of("XDG_DATA_HOME", "/data")).cacheDir()).isEqualTo(Path.of("/data/decision-matrix/cache"));
    assertThat(parse(Map.of(), "--data-dir", "/d").cacheDir()).isEqualTo(Path.of("/d/cache"));
    assertThat(parse(Map.of("DECISION_MATRIX_CACHE_DIR", "/env/cache"), "--data-dir", "/d").cacheDir()).isEqualTo(Path.of("/env/cache"));
    assertThat(parse(Map.of("DECISION_MATRIX_CACHE_DIR", "/env/cache"), "--cache-dir=/flag/cache").cacheDir()).isEqualTo(Path.of("/flag/cache"));
    assertThat(parse(Map.of(), "--data-dir", "/d", "--in-memory-cache").cacheDir()).isNull();
    assertThat(parse(Map.of("DECISION_MATRIX_CACHE_DIR", "/env/cache"), "--in-memory-cache").cacheDir()).isNull();
    assertThat(parse(Map.of(), "--in-memory").cacheDir()).as("in memory means everything in memory").isNull();
    assertThat(parse(Map.of(), "--in-memory", "--cache-dir", "/c").cacheDir()).as("unless a cache directory is named").isEqualTo(Path.of("/c"));
    assertThat(parse(Map.of(), "--in-memory", "--cache-dir", "/c").dataDir()).isNull();
  }

  @Test
  void autoAndSamplingAreJudgeChoicesToo() {
    assertThat(parse(Map.of("DECISION_MATRIX_BACKEND", "auto")).backend()).isNull();
    assertThat(parse(Map.of(), "--backend", "Sampling").backend()).isEqualTo("sampling");
    assertThat(parse(Map.of(), "--in-memory").dataDir()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus|unknown option \"--bogus\"",
      "--port|option --port needs a value",
      "--port 70000|--port must be between 0 and 65535",
      "--port eighty|--port must be a whole number",
      "--max-concurrency 0|--max-concurrency must be between 1 and 10000",
      "--backend gpt|--backend \"gpt\" is not a known backend",
      "--session-ttl forever|--session-ttl must be a positive duration",
      "--session-ttl 0s|--session-ttl must be a positive duration",
      "--max-sessions -1|--max-sessions must be between 1 and 1000000",
      "--verbose=yes|takes no value",
      "--host --http|option --host needs a value",
      "--cache-dir|option --cache-dir needs a value",
      "--in-memory-cache=no|takes no value"})
  void badFlagsAreUsageErrorsNamingTheFlag(String args, String expected) {
    assertThatThrownBy(() -> parse(Map.of(), args.split(" "))).isInstanceOf(UsageException.class).hasMessageContaining(expected);
  }

  @Test
  void badEnvironmentValuesAreUsageErrorsNamingTheVariable() {
    assertThatThrownBy(() -> parse(Map.of("DECISION_MATRIX_MAX_CONCURRENCY", "lots")))
        .isInstanceOf(UsageException.class).hasMessageContaining("DECISION_MATRIX_MAX_CONCURRENCY");
    assertThatThrownBy(() -> parse(Map.of("DECISION_MATRIX_BACKEND", "watson")))
        .isInstanceOf(UsageException.class).hasMessageContaining("DECISION_MATRIX_BACKEND \"watson\"");
    assertThatThrownBy(() -> parse(Map.of("DECISION_MATRIX_SESSION_TTL", "soon")))
        .isInstanceOf(UsageException.class).hasMessageContaining("DECISION_MATRIX_SESSION_TTL");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Linux|/home/u/.local/share/decision-matrix",
      "Mac OS X|/home/u/Library/Application Support/decision-matrix"})
  void theDefaultDataDirectoryFollowsThePlatform(String os, String expected) {
    assertThat(DataDirectory.defaultFor(os, Map.of(), "/home/u")).isEqualTo(Path.of(expected));
  }

  @Test
  void theDefaultDataDirectoryHonoursXdgAndAppData() {
    assertThat(DataDirectory.defaultFor("Linux", Map.of("XDG_DATA_HOME", "/xdg"), "/home/u")).isEqualTo(Path.of("/xdg/decision-matrix"));
    assertThat(DataDirectory.defaultFor("Linux", Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
        .isEqualTo(Path.of("/home/u/.local/share/decision-matrix"));
    assertThat(DataDirectory.defaultFor("Windows 11", Map.of("APPDATA", "C:/Users/u/AppData/Roaming"), "C:/Users/u"))
        .isEqualTo(Path.of("C:/Users/u/AppData/Roaming", "decision-matrix"));
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, Map.of(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpDocumentsEveryFlagAndVariable() {
    Run r = run("--help");

    assertThat(r.code()).isZero();
    for (String documented : List.of("--http", "--host", "--port", "--allowed-hosts", "--allowed-origins", "--backend", "--model",
        "--max-concurrency", "--data-dir", "--verbose", "--version", "--session-ttl", "--max-sessions", "--in-memory",
        "--cache-dir", "--in-memory-cache", "DECISION_MATRIX_CACHE_DIR",
        "DECISION_MATRIX_BACKEND", "DECISION_MATRIX_MODEL", "DECISION_MATRIX_MAX_CONCURRENCY", "DECISION_MATRIX_DATA_DIR",
        "DECISION_MATRIX_HTTP_TOKEN", "DECISION_MATRIX_SESSION_TTL", "DECISION_MATRIX_MAX_SESSIONS", "OPENAI_API_KEY", "OPENAI_BASE_URL",
        "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OLLAMA_HOST", "AWS_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME")) {
      assertThat(r.out()).as(documented).contains(documented);
    }
    assertThat(r.out()).contains("%APPDATA%\\decision-matrix");
  }

  @Test
  void versionPrintsTheVersion() {
    Run r = run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("decision-mcp ").doesNotContain("${");
  }

  @Test
  void badFlagsExitWithTwoAndAMessageOnStderr() {
    Run r = run("--port", "x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--port must be a whole number", "--help");
  }

  @Test
  void aTokensFileGivesEveryPrincipalItsOwnTokenAndItsMistakesAreUsageErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    java.nio.file.Files.writeString(file, "alice:sha256:" + dev.decisionmatrix.mcp.http.BearerTokens.digest("a".repeat(40)) + "\n");

    ServerOptions fromFlag = parse(Map.of(), "--http", "--http-tokens-file", file.toString());
    ServerOptions fromEnv = parse(Map.of("DECISION_MATRIX_HTTP_TOKENS_FILE", file.toString()), "--http");

    assertThat(fromFlag.httpTokens().principals()).containsExactly("alice");
    assertThat(fromEnv.httpTokens().principals()).containsExactly("alice");
    assertThat(fromFlag.toString()).doesNotContain(dev.decisionmatrix.mcp.http.BearerTokens.digest("a".repeat(40)));
    assertThat(parse(Map.of("DECISION_MATRIX_HTTP_TOKEN", "b".repeat(40)), "--http").httpTokens().principals()).isEmpty();
    assertThatThrownBy(() -> parse(Map.of(), "--http-tokens-file", file.toString()))
        .isInstanceOf(UsageException.class).hasMessageContaining("needs --http");
    assertThatThrownBy(() -> parse(Map.of("DECISION_MATRIX_HTTP_TOKEN", "b".repeat(40)), "--http", "--http-tokens-file", file.toString()))
        .isInstanceOf(UsageException.class).hasMessageContaining("not both");
    java.nio.file.Files.writeString(file, "alice:" + "a".repeat(40) + "\n");
    assertThatThrownBy(() -> parse(Map.of(), "--http", "--http-tokens-file=" + file))
        .isInstanceOf(UsageException.class).hasMessageContaining("--http-tokens-file: the tokens file").hasMessageContaining("line 1")
        .hasMessageNotContaining("a".repeat(40));
  }
}
