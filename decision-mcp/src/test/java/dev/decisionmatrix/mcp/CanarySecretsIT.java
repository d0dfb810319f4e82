package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole flow through a real server process with a canary API key, under the faults that tempt a
 * program to repeat a secret: 401s, 500s, a gateway that quotes the request headers (the key
 * included) in its error, and prose answers. Every output the flow produces is scanned for the
 * canary: stdout (every answer), stderr (the log), the session files and journals in the data
 * directory, and every export format.
 */
class CanarySecretsIT {

  /** Long and unique, so a match anywhere is this key and nothing else. */
  private static final String CANARY = "sk-canary-7f3a9c2e5b1d4086a2c4e6f8b0d2f4a6";

  @Test
  void noOutputOfAFlowUnderFaultsEverContainsTheApiKey(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey(CANARY).seed(7)
        .faultRate(0.5, Fault.status(401), Fault.status(500), Fault.echoCredentials(), Fault.prose()).start()) {
      Map<String, String> env = Map.of(
          "DECISION_MATRIX_BACKEND", "openai",
          "OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI),
          "OPENAI_API_KEY", CANARY,
          "DECISION_MATRIX_MODEL", "sim-model",
          "DECISION_MATRIX_DATA_DIR", dataDir.toString());
      List<String> outputs = new ArrayList<>();
      try (ServerJar server = ServerJar.start(env)) {
        StdioSession rpc = new StdioSession(server.process);
        rpc.initialize("canary-test");
        int id = 2;
        rpc.callTool(id, "start_decision_analysis", Map.of(
            "topic", "Which cloud provider?",
            "options", List.of("Alpha", "Beta", "Gamma", "Delta"),
            "initial_criteria", List.of(Map.of("name", "Cost"), Map.of("name", "Latency"), Map.of("name", "Support"))));
        String sessionId = rpc.await(id).path("result").path("structuredContent").path("session_id").asText();
        assertThat(sessionId).isNotBlank();

        Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
        calls.put("evaluate_options", Map.of("session_id", sessionId));
        calls.put("get_decision_matrix", Map.of("session_id", sessionId));
        calls.put("test_backend_connection", Map.of("backend", "openai"));
        calls.put("list_sessions", Map.of());
        for (String format : List.of("markdown", "csv", "json", "html")) {
          calls.put("export_decision_matrix " + format, Map.of("session_id", sessionId, "format", format));
        }
        // A second pass: the faults are random per request, so more of them land in the outputs.
        calls.put("evaluate_options again", Map.of("session_id", sessionId));
        calls.put("test_backend_connection again", Map.of("backend", "openai"));
        for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
          id++;
          rpc.callTool(id, call.getKey().split(" ")[0], call.getValue());
          JsonNode answer = rpc.await(id);
          assertThat(answer.has("result")).as("%s answered: %s", call.getKey(), answer).isTrue();
        }

        // Every tempting fault did reach the server, or the scan would prove nothing.
        assertThat(sim.stats().faults()).containsKeys(Fault.status(401), Fault.status(500), Fault.echoCredentials(), Fault.prose());

        rpc.closeInput();
        assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("the server exits when stdin closes").isTrue();
        rpc.reader.join(Duration.ofSeconds(10));
        rpc.drain();
        outputs.addAll(rpc.all);
        server.awaitStderrClosed(Duration.ofSeconds(10));
        synchronized (server.stderr) {
          outputs.addAll(server.stderr);
        }
      }
      assertThat(outputs).as("the flow produced answers and log lines").hasSizeGreaterThan(10);
      assertThat(outputs).as("the gateway's echo reached the answers, redacted, so the scan is live")
          .anyMatch(line -> line.contains("request headers were"));
      assertThat(outputs).as("stdout and stderr").noneMatch(line -> line.contains(CANARY));
      List<Path> files = files(dataDir);
      assertThat(files).as("the session was saved").isNotEmpty();
      for (Path file : files) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("file %s", dataDir.relativize(file)).doesNotContain(CANARY);
      }
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
