package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar driven by a client we did not write: the official MCP TypeScript SDK (pinned in
 * {@code src/test/e2e/package-lock.json}, installed with {@code npm ci} into the build folder),
 * through a whole decision over stdio and over Streamable HTTP, with the client answering
 * {@code sampling/createMessage}; and once more with the testkit's LLM simulator as the
 * environment-configured backend. Needs {@code node} and {@code npm} (Node 18+) on the PATH; it
 * fails, rather than skips, without them.
 */
class McpClientEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "decision-e2e.mjs");
  private static Path work;

  @BeforeAll
  static void installTheTypeScriptSdk() throws Exception {
    Path source = Path.of(required("decision.mcp.e2e.source"));
    work = Path.of(required("decision.mcp.e2e.work"));
    Files.createDirectories(work);
    String node = run(work, Duration.ofSeconds(30), "node", "--version").strip();
    assertThat(node).as("Node.js version").matches("v(1[89]|[2-9]\\d)\\..*");
    run(work, Duration.ofSeconds(30), npm(), "--version");
    boolean lockChanged = !Files.exists(work.resolve("package-lock.json"))
        || Files.mismatch(source.resolve("package-lock.json"), work.resolve("package-lock.json")) != -1;
    for (String file : FILES) {
      Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (lockChanged || !Files.isDirectory(work.resolve("node_modules/@modelcontextprotocol/sdk"))
        || !Files.isDirectory(work.resolve("node_modules/@modelcontextprotocol/inspector"))) {
      run(work, Duration.ofMinutes(5), npm(), "ci", "--no-audit", "--no-fund", "--loglevel=error");
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new AssertionError("system property " + property + " is not set: run the ITs through Maven (./mvnw verify)");
    }
    return value;
  }

  private static String npm() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
  }

  /** Runs a command and returns its stdout; fails with its output if it fails or cannot start. */
  private static String run(Path dir, Duration timeout, String... command) throws Exception {
    return run(dir, timeout, Map.of(), command);
  }

  private static String run(Path dir, Duration timeout, Map<String, String> env, String... command) throws Exception {
    return runCapturing(dir, timeout, env, command).stdout();
  }

  /** What a finished command printed. */
  private record Output(String stdout, String stderr) {}

  private static Output runCapturing(Path dir, Duration timeout, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    // Only the variables a test sets may configure the server the client starts.
    pb.environment().keySet().removeIf(k -> k.startsWith("DECISION_MATRIX_") || k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_")
        || k.startsWith("OLLAMA_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    Path err = Files.createTempFile(work, "stderr-", ".log");
    pb.redirectError(err.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run " + command[0] + " (" + e.getMessage() + "): the end-to-end test needs Node.js 18+ and npm on the PATH"
              + " to run the official MCP TypeScript SDK client. Install Node.js (https://nodejs.org) and run ./mvnw verify again.", e);
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "; stderr: " + Files.readString(err));
    }
    String stdout = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + "\nstdout: " + stdout + "\nstderr: " + Files.readString(err));
    }
    String stderr = Files.readString(err);
    Files.deleteIfExists(err);
    return new Output(stdout, stderr);
  }

  private static JsonNode client(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", "decision-e2e.mjs"));
    command.addAll(List.of(args));
    String out = run(work, Duration.ofMinutes(3), env, command.toArray(String[]::new));
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    JsonNode report = JSON.readTree(last);
    assertThat(report.path("ok").asBoolean()).as("client report: " + report.toPrettyString()).isTrue();
    return report;
  }

  private static void assertWholeDecision(JsonNode r, boolean sampled) {
    assertThat(r.path("sdkVersion").asText()).isNotBlank();
    assertThat(r.path("serverName").asText()).isEqualTo("decision-matrix");
    assertThat(r.path("tools")).hasSize(21);
    assertThat(r.path("toolsWithOutputSchema").asInt()).isEqualTo(21);
    assertThat(r.path("startIsError").asBoolean()).isFalse();
    assertThat(r.path("addOptionIsError").asBoolean()).isFalse();
    assertThat(r.path("addCriterionIsError").asBoolean()).isFalse();
    assertThat(r.path("badInputIsError").asBoolean()).isTrue();
    assertThat(r.path("badInputText").asText()).contains("\"weight\" is 50", "How to fix");
    assertThat(r.path("evaluateIsError").asBoolean()).as(r.path("evaluateText").asText()).isFalse();
    assertThat(r.path("cellsJudged").asInt()).isEqualTo(9);
    assertThat(r.path("cellsScored").asInt()).isEqualTo(9);
    assertThat(r.path("progressNotifications").asInt()).isEqualTo(9);
    assertThat(r.path("progressMonotonic").asBoolean()).isTrue();
    assertThat(r.path("progressTotal").asInt()).isEqualTo(9);
    assertThat(r.path("samplingRequests").asInt()).isEqualTo(sampled ? 9 : 0);
    if (sampled) {
      assertThat(r.path("samplingSystemPromptSeen").asBoolean()).isTrue();
      assertThat(r.path("samplingMaxTokens").asInt()).isPositive();
    }
    assertThat(r.path("secondEvaluationText").asText()).contains("Nothing to judge");
    assertThat(r.path("matrixIsError").asBoolean()).isFalse();
    assertThat(r.path("matrixText").asText()).contains("| Kafka", "| RabbitMQ", "| NATS", "Throughput (w=2)", "Recommendation");
    assertThat(r.path("matrixLeaders")).isNotEmpty();
    assertThat(r.path("resourceText").asText()).contains("| Kafka");
    assertThat(r.path("resourceTemplates")).hasSize(2);
    assertThat(r.path("promptText").asText()).contains("Brokers");
    assertThat(r.path("sessionCount").asInt()).isEqualTo(1);
  }

  @Test
  void overStdioWithTheClientsModelJudgingThroughSampling(@TempDir Path dataDir) throws Exception {
    JsonNode r = client(Map.of(), "--transport", "stdio", "--java", ServerJar.java(), "--jar", ServerJar.jar().toString(),
        "--judge", "sampling", "--data-dir", dataDir.toString());

    assertWholeDecision(r, true);
  }

  @Test
  void overHttpWithTheClientsModelJudgingThroughSampling() throws Exception {
    String token = "e2e-" + Long.toHexString(System.nanoTime());
    try (ServerJar server = ServerJar.start(Map.of("DECISION_MATRIX_HTTP_TOKEN", token), "--http", "--port", "0", "--in-memory")) {
      String url = server.awaitHttpUrl(Duration.ofSeconds(30));

      JsonNode r = client(Map.of(), "--transport", "http", "--url", url, "--token", token, "--judge", "sampling");

      assertWholeDecision(r, true);
    }
  }

  @Test
  void overStdioWithTheSimulatorAsTheEnvironmentConfiguredBackend(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey("test").start()) {
      Map<String, String> env = Map.of(
          "DECISION_MATRIX_BACKEND", "openai",
          "OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI),
          "OPENAI_API_KEY", "test",
          "DECISION_MATRIX_MODEL", "sim-model");

      JsonNode r = client(env, "--transport", "stdio", "--java", ServerJar.java(), "--jar", ServerJar.jar().toString(),
          "--judge", "backend", "--data-dir", dataDir.toString());

      assertWholeDecision(r, false);
      assertThat(sim.stats().requestCount(Protocol.OPENAI)).isGreaterThanOrEqualTo(9);
      JsonNode scores = r.path("cellScores");
      assertThat(scores.size()).isEqualTo(9);
      for (Map.Entry<String, JsonNode> cell : scores.properties()) {
        String[] names = cell.getKey().split("\\|");
        assertThat(cell.getValue().asDouble()).as(cell.getKey()).isEqualTo(LlmSimulator.expectedScore(names[0], names[1]));
      }
    }
  }

  @Test
  void theMcpInspectorCliListsEveryToolInStrictModeWithoutAPortabilityWarning(@TempDir Path dataDir) throws Exception {
    // The Inspector (pinned in src/test/e2e) starts the jar over stdio; --strict prints every schema
    // portability problem on stderr and exits 6 on an error-severity one.
    Output out = runCapturing(work, Duration.ofMinutes(2), Map.of(), "node", "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
        "--cli", "--strict", "-e", "DECISION_MATRIX_DATA_DIR=" + dataDir, "--method", "tools/list", ServerJar.java(), "-jar",
        ServerJar.jar().toString());

    JsonNode tools = JSON.readTree(out.stdout()).path("tools");
    assertThat(tools.size()).as("tools listed").isGreaterThanOrEqualTo(20);
    assertThat(tools.findValuesAsText("name")).contains("start_decision_analysis", "evaluate_options", "get_decision_matrix");
    assertThat(out.stderr().lines().filter(l -> !l.startsWith("npm warn") && !l.isBlank()))
        .as("the Inspector's strict report").noneMatch(l -> l.contains("Warning") || l.contains("Error") || l.contains("Issue:"));
  }
}
