package dev.decisionmatrix.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind the distribution's warm start: the bundled runtime runs the server jar
 * with an AOT-cache (JDK 25+) or CDS-archive (JDK 21-24) output option, and a client drives it
 * through what a host does first (initialize, list the tools, start a decision, evaluate it against
 * the testkit's LLM simulator over the OpenAI wire format, read the matrix). When the server exits,
 * the JVM writes the classes it loaded and linked into the cache file.
 */
final class TrainingRun {

  private static final Duration STEP = Duration.ofMinutes(2);

  private TrainingRun() {}

  /**
   * Runs the server once with {@code outputOption} and drives it through a decision.
   *
   * @param java the bundled java launcher
   * @param jvmFlags the launcher's JVM flags (the cache is only used with the same ones)
   * @param outputOption for example {@code -XX:AOTCacheOutput=/x/lib/decision-mcp.aot}
   * @param jar the server jar inside the distribution
   * @param work a scratch folder for the server's data and logs
   * @throws IOException if the server fails or the cache is not written
   * @throws InterruptedException if interrupted
   */
  static void run(Path java, List<String> jvmFlags, String outputOption, Path jar, Path work) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path log = work.resolve("training-stderr.log");
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey("training").start()) {
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(jvmFlags);
      command.add(outputOption);
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("DECISION_MATRIX_") || k.startsWith("OPENAI_")
          || k.startsWith("ANTHROPIC_") || k.startsWith("OLLAMA_") || k.startsWith("AWS_") || k.startsWith("JAVA_TOOL_OPTIONS")
          || k.startsWith("JDK_JAVA_OPTIONS"));
      pb.environment().put("DECISION_MATRIX_BACKEND", "openai");
      pb.environment().put("DECISION_MATRIX_MODEL", "sim-model");
      pb.environment().put("OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI));
      pb.environment().put("OPENAI_API_KEY", "training");
      pb.environment().put("DECISION_MATRIX_DATA_DIR", work.resolve("data").toString());
      int exit;
      try (StdioClient client = new StdioClient(pb.start())) {
        driveOneDecision(client);
        exit = client.finish();
      } catch (IOException e) {
        throw new IOException("the AOT training run failed: " + e.getMessage() + "; server stderr in " + log, e);
      }
      if (exit != 0) {
        throw new IOException("the AOT training run's server exited with " + exit + "; its stderr is in " + log);
      }
    }
  }

  /**
   * Initializes, starts a 3x3 decision, evaluates it and reads its matrix.
   *
   * @param client a client of a server whose environment configures a backend
   * @throws IOException if a step fails
   * @throws InterruptedException if interrupted
   */
  static void driveOneDecision(StdioClient client) throws IOException, InterruptedException {
    client.initialize(STEP);
    client.request("tools/list", StdioClient.json().createObjectNode(), STEP);
    ObjectNode start = StdioClient.json().createObjectNode().put("topic", "Which database for the ledger?");
    start.putArray("options").add("PostgreSQL").add("MySQL").add("SQLite");
    var criteria = start.putArray("initial_criteria");
    criteria.addObject().put("name", "Reliability").put("weight", 2);
    criteria.addObject().put("name", "Cost").put("direction", "cost");
    criteria.addObject().put("name", "Operations");
    JsonNode started = client.callTool("start_decision_analysis", start, STEP);
    String session = started.path("session_id").asText();
    ObjectNode bySession = StdioClient.json().createObjectNode().put("session_id", session);
    JsonNode evaluated = client.callTool("evaluate_options", bySession, STEP);
    if (evaluated.path("cells").size() != 9) {
      throw new IOException("the training evaluation judged " + evaluated.path("cells").size() + " cells, not 9: " + evaluated);
    }
    client.callTool("get_decision_matrix", bySession, STEP);
  }
}
