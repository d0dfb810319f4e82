package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How the shaded jar starts over stdio: it never dies of a configuration error, and says what it waits for in a terminal. */
class StdioStartupIT {

  @Test
  void aBackendWithoutItsModelStillServesAndEvaluateOptionsSaysWhatToFix() throws Exception {
    try (ServerJar server = ServerJar.start(Map.of(
        "DECISION_MATRIX_BACKEND", "openai",
        "OPENAI_BASE_URL", "http://127.0.0.1:9/v1"), "--in-memory")) {
      StdioSession rpc = new StdioSession(server.process);
      rpc.initialize("misconfigured");
      rpc.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      rpc.callTool(3, "start_decision_analysis", Map.of("topic", "Which editor?", "options", List.of("Vim", "Emacs"),
          "initial_criteria", List.of(Map.of("name", "Speed"))));
      JsonNode started = rpc.await(3).path("result");
      String id = started.path("structuredContent").path("session_id").asText();
      rpc.callTool(4, "evaluate_options", Map.of("session_id", id));
      rpc.callTool(5, "test_backend_connection", Map.of());
      rpc.callTool(6, "list_sessions", Map.of());

      assertThat(rpc.await(2).path("result").path("tools").size()).isGreaterThan(10);
      assertThat(started.path("isError").asBoolean()).isFalse();
      String evaluated = rpc.await(4).path("result").path("content").get(0).path("text").asText();
      assertThat(evaluated).contains("configuration is incomplete", "DECISION_MATRIX_MODEL");
      JsonNode connection = rpc.await(5).path("result").path("structuredContent");
      assertThat(connection.path("ok").asBoolean()).isFalse();
      assertThat(connection.path("configured_backends")).isEmpty();
      assertThat(rpc.await(6).path("result").path("isError").asBoolean()).isFalse();
      rpc.closeInput();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String stderr = server.stderrText();
      assertThat(stderr.split("configuration error", -1)).as(stderr).hasSize(2);
      assertThat(stderr).contains("DECISION_MATRIX_MODEL");
    }
  }

  @Test
  void startedByHandInATerminalItSaysItWaitsForAnMcpClient() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) to give the server a terminal");
    String command = ServerJar.java() + " -jar " + ServerJar.jar() + " --in-memory";
    Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
    try {
      InputStream in = p.getInputStream();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      byte[] buf = new byte[4096];
      while (!seen.toString(StandardCharsets.UTF_8).contains("--help") && System.nanoTime() < deadline) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        seen.write(buf, 0, n);
      }
      assertThat(seen.toString(StandardCharsets.UTF_8)).contains("waiting for an MCP client", "--help");
      p.getOutputStream().write(4); // Ctrl+D: end of input in the terminal
      p.getOutputStream().flush();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ends at end of input").isTrue();
    } finally {
      p.destroyForcibly();
    }
  }
}
