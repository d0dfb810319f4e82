package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.dist.StdioClient;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Server processes the benchmarks start and drive over stdio, judging with the simulator. */
final class StdioServers {

  private StdioServers() {}

  /**
   * A server process that serves stdio with sessions in memory and judges with the simulator's
   * OpenAI-compatible endpoint: none of this machine's provider settings leak in.
   *
   * @param command how to start the server (a java -jar line or the distribution's launcher)
   * @param sim the simulator
   * @param concurrency the server's DECISION_MATRIX_MAX_CONCURRENCY
   * @param data a directory for the data dir and {@code stderr.log}
   * @return the process builder, ready to start
   */
  static ProcessBuilder judgingWith(List<String> command, LlmSimulator sim, int concurrency, Path data) {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    pb.command().add("--in-memory");
    pb.environment().keySet().removeIf(k -> k.startsWith("DECISION_MATRIX_") || k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_")
        || k.startsWith("OLLAMA_") || k.startsWith("AWS_"));
    pb.environment().put("DECISION_MATRIX_BACKEND", "openai");
    pb.environment().put("DECISION_MATRIX_MODEL", "sim-model");
    pb.environment().put("DECISION_MATRIX_MAX_CONCURRENCY", Integer.toString(concurrency));
    pb.environment().put("OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI));
    pb.environment().put("OPENAI_API_KEY", "bench");
    pb.environment().put("DECISION_MATRIX_DATA_DIR", data.toString());
    pb.redirectError(data.resolve("stderr.log").toFile());
    return pb;
  }

  /**
   * Starts a fresh decision (a topic of its own, so no cached cell) and times its evaluate_options.
   *
   * @return milliseconds
   * @throws IOException if the server fails or judges fewer cells than asked
   */
  static double timeEvaluation(StdioClient client, String topic, int options, int criteria, Duration step) throws IOException, InterruptedException {
    ObjectNode start = StdioClient.json().createObjectNode().put("topic", topic);
    ArrayNode names = start.putArray("options");
    for (int o = 0; o < options; o++) {
      names.add("Option " + o);
    }
    ArrayNode list = start.putArray("initial_criteria");
    for (int c = 0; c < criteria; c++) {
      list.addObject().put("name", "Criterion " + c);
    }
    String session = client.callTool("start_decision_analysis", start, step).path("session_id").asText();
    ObjectNode args = StdioClient.json().createObjectNode().put("session_id", session);
    long t = System.nanoTime();
    JsonNode result = client.callTool("evaluate_options", args, step);
    double millis = (System.nanoTime() - t) / 1e6;
    if (result.path("cells").size() != options * criteria) {
      throw new IOException("evaluate_options judged " + result.path("cells").size() + " cells, not " + options * criteria);
    }
    return millis;
  }

  /** The median; of an even count, the mean of the two middle values. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
