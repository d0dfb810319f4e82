package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      List<String> all = new ArrayList<>();
      Thread reader = readLines(server.process, lines);
      OutputStream stdin = server.process.getOutputStream();
      Map<Integer, JsonNode> responses = new HashMap<>();

      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"purity\",\"version\":\"1\"}}}");
      await(lines, all, responses, 1);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "this line is not JSON at all");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"start_decision_analysis\",\"arguments\":"
          + "{\"topic\":\"Which editor?\",\"options\":[\"Vim\",\"Emacs\"],\"initial_criteria\":[{\"name\":\"Speed\"}]}}}");
      JsonNode started = await(lines, all, responses, 4);
      String sessionId = started.path("result").path("structuredContent").path("session_id").asText();
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"evaluate_options\",\"arguments\":"
          + "{\"session_id\":\"" + sessionId + "\"},\"_meta\":{\"progressToken\":\"purity\"}}}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"add_criterion\",\"arguments\":"
          + "{\"session_id\":\"" + sessionId + "\",\"name\":\"Weight\",\"weight\":99}}}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/read\",\"params\":{\"uri\":\"decision://sessions\"}}");
      for (int id = 2; id <= 7; id++) {
        await(lines, all, responses, id);
      }
      stdin.close();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("exits when stdin closes").isTrue();
      reader.join(5_000);
      lines.drainTo(all);

      for (String line : all) {
        JsonNode message = JSON.readTree(line);
        assertThat(message.isObject()).as(line).isTrue();
        assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
        boolean notification = message.has("method") && !message.has("id");
        boolean response = message.has("id") && (message.has("result") ^ message.has("error"));
        boolean request = message.has("id") && message.has("method");
        assertThat(notification || response || request).as(line).isTrue();
      }
      assertThat(server.process.exitValue()).isZero();
      assertThat(responses.get(3).path("result").path("tools")).hasSize(15);
      JsonNode evaluated = responses.get(5).path("result");
      assertThat(evaluated.path("isError").asBoolean()).isFalse();
      assertThat(evaluated.path("content").get(0).path("text").asText()).contains("2 failed", "authentication");
      assertThat(responses.get(6).path("result").path("isError").asBoolean()).isTrue();
      assertThat(all).anyMatch(l -> l.contains("\"notifications/message\"") && l.contains("Could not judge"));
      assertThat(all).anyMatch(l -> l.contains("\"notifications/progress\"") && l.contains("\"purity\""));
      assertThat(server.stderrText()).contains("dropped an input line that is not valid JSON");
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
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      List<String> all = new ArrayList<>();
      readLines(server.process, lines);
      OutputStream stdin = server.process.getOutputStream();
      Map<Integer, JsonNode> responses = new HashMap<>();
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cancel\",\"version\":\"1\"}}}");
      await(lines, all, responses, 1);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"start_decision_analysis\",\"arguments\":"
          + "{\"topic\":\"Which editor?\",\"options\":[\"Vim\",\"Emacs\"],\"initial_criteria\":[{\"name\":\"Speed\"}]}}}");
      String sessionId = await(lines, all, responses, 2).path("result").path("structuredContent").path("session_id").asText();
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"evaluate_options\",\"arguments\":"
          + "{\"session_id\":\"" + sessionId + "\"}}}");
      assertThat(sim.awaitStats(st -> st.inFlight() >= 2, Duration.ofSeconds(30))).as("the judge calls reach the simulator").isTrue();
      long cancelledAt = System.nanoTime();

      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3,\"reason\":\"user pressed stop\"}}");
      JsonNode answer = await(lines, all, responses, 3);

      assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(20));
      assertThat(answer.path("result").path("content").get(0).path("text").asText()).contains("(cancelled)");
      assertThat(answer.path("result").path("structuredContent").path("stats").path("cancelled").asBoolean()).isTrue();
      stdin.close();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Reads the process's stdout line by line into a queue, on a daemon thread. */
  private static Thread readLines(Process process, BlockingQueue<String> lines) {
    return Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception e) {
        lines.add("READER FAILED: " + e);
      }
    });
  }

  private static void send(OutputStream stdin, String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static JsonNode await(BlockingQueue<String> lines, List<String> all, Map<Integer, JsonNode> responses, int id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!responses.containsKey(id)) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no response to request " + id + "; stdout so far: " + all);
      }
      all.add(line);
      JsonNode message = JSON.readTree(line);
      if (message.has("id") && !message.has("method")) {
        responses.put(message.get("id").asInt(), message);
      }
    }
    return responses.get(id);
  }
}
