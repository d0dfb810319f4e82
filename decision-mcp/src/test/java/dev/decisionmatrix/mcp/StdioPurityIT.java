package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar over stdio: stdout carries JSON-RPC messages and nothing else, even with debug
 * logging, failing backend calls that log, and a malformed input line (which must not end the
 * session); the server exits cleanly when stdin closes.
 */
class StdioPurityIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void stdoutCarriesOnlyJsonRpcMessages(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey("the-right-key").start();
        ServerJar server = ServerJar.start(Map.of(
            "DECISION_MATRIX_BACKEND", "openai",
            "OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI),
            "OPENAI_API_KEY", "a-wrong-key",
            "DECISION_MATRIX_MODEL", "sim-model",
            "DECISION_MATRIX_DATA_DIR", dataDir.toString()), "--verbose")) {
      StdioSession rpc = new StdioSession(server.process);
      rpc.initialize("purity");
      rpc.send("this line is not JSON at all");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"start_decision_analysis\",\"arguments\":"
          + "{\"topic\":\"Which editor?\",\"options\":[\"Vim\",\"Emacs\"],\"initial_criteria\":[{\"name\":\"Speed\"}]}}}");
      JsonNode started = rpc.await(4);
      String sessionId = started.path("result").path("structuredContent").path("session_id").asText();
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"evaluate_options\",\"arguments\":"
          + "{\"session_id\":\"" + sessionId + "\"},\"_meta\":{\"progressToken\":\"purity\"}}}");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"add_criterion\",\"arguments\":"
          + "{\"session_id\":\"" + sessionId + "\",\"name\":\"Weight\",\"weight\":99}}}");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/read\",\"params\":{\"uri\":\"decision://sessions\"}}");
      for (int id = 2; id <= 7; id++) {
        rpc.await(id);
      }
      rpc.closeInput();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("exits when stdin closes").isTrue();
      rpc.reader.join(5_000);
      rpc.drain();

      for (String line : rpc.all) {
        JsonNode message = JSON.readTree(line);
        assertThat(message.isObject()).as(line).isTrue();
        assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
        boolean notification = message.has("method") && !message.has("id");
        boolean response = message.has("id") && (message.has("result") ^ message.has("error"));
        boolean request = message.has("id") && message.has("method");
        assertThat(notification || response || request).as(line).isTrue();
      }
      assertThat(server.process.exitValue()).isZero();
      assertThat(rpc.await(3).path("result").path("tools")).hasSize(21);
      JsonNode evaluated = rpc.await(5).path("result");
      assertThat(evaluated.path("isError").asBoolean()).isFalse();
      assertThat(evaluated.path("content").get(0).path("text").asText()).contains("2 failed", "authentication");
      assertThat(rpc.await(6).path("result").path("isError").asBoolean()).isTrue();
      assertThat(rpc.all).anyMatch(l -> l.contains("\"notifications/message\"") && l.contains("Could not judge"));
      assertThat(rpc.all).anyMatch(l -> l.contains("\"notifications/progress\"") && l.contains("\"purity\""));
      assertThat(server.stderrText()).contains("dropped an input line (Parse error: the message is not valid JSON");
      assertThat(server.stderrText()).contains("DEBUG");
    }
  }

  @Test
  void aCancelledRequestStopsItsEvaluationAndIsAnswered(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofSeconds(60)).start();
        ServerJar server = ServerJar.start(Map.of(
            "DECISION_MATRIX_BACKEND", "openai",
            "OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI),
            "OPENAI_API_KEY", "test",
            "DECISION_MATRIX_MODEL", "sim-model",
            "DECISION_MATRIX_DATA_DIR", dataDir.toString()))) {
      StdioSession rpc = new StdioSession(server.process);
      rpc.initialize("cancel");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"start_decision_analysis\",\"arguments\":"
          + "{\"topic\":\"Which editor?\",\"options\":[\"Vim\",\"Emacs\"],\"initial_criteria\":[{\"name\":\"Speed\"}]}}}");
      String sessionId = rpc.await(2).path("result").path("structuredContent").path("session_id").asText();
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"evaluate_options\",\"arguments\":"
          + "{\"session_id\":\"" + sessionId + "\"}}}");
      assertThat(sim.awaitStats(st -> st.inFlight() >= 2, Duration.ofSeconds(30))).as("the judge calls reach the simulator").isTrue();
      long cancelledAt = System.nanoTime();

      rpc.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3,\"reason\":\"user pressed stop\"}}");
      JsonNode answer = rpc.await(3);

      assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(20));
      assertThat(answer.path("result").path("content").get(0).path("text").asText()).contains("(cancelled)");
      assertThat(answer.path("result").path("structuredContent").path("stats").path("cancelled").asBoolean()).isTrue();
      rpc.closeInput();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }
}
