package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory that fills up in the middle of an evaluation, on a real file system: the server
 * runs in its own mount namespace ({@code unshare}) with its data directory on a 4 MiB tmpfs, and
 * the test fills that file system while the model answers. The evaluation ends with a clear tool
 * error that names no server path, the session stays as it was (nothing half written), and once
 * there is space again, asking again saves every judgment without a single new model call.
 */
class FullDiskIT {

  private static final int OPTIONS = 5;
  private static final int CRITERIA = 4;
  private static final int CELLS = OPTIONS * CRITERIA;

  /** Runs a shell command in the server's mount namespace. */
  private static void inServerNamespace(long pid, String script) {
    try {
      Process p = new ProcessBuilder("nsenter", "--target", String.valueOf(pid), "--user", "--mount", "--preserve-credentials",
          "sh", "-c", script).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("nsenter did not finish: " + script);
      }
    } catch (IOException e) {
      throw new AssertionError("nsenter failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aDiskThatFillsUpMidEvaluationGivesAClearErrorAndAskingAgainOnceThereIsSpaceCostsNoCall(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(5)).start()) {
      Map<String, String> env = ServerJar.judgingWith(sim, dataDir);
      String dir = dataDir.toString();
      List<String> ownTmpfs = List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
          "mount -t tmpfs -o size=4m tmpfs \"$0\" && exec \"$@\"", dir);
      try (ServerJar server = ServerJar.startWrapped(ownTmpfs, env)) {
        long pid = server.process.pid();
        StdioSession rpc = new StdioSession(server.process);
        rpc.initialize("full-disk-test");
        String sessionId = rpc.startSuppliers(2, OPTIONS, CRITERIA);

        // The disk fills up while the model answers the evaluation's fifth call.
        AtomicInteger answered = new AtomicInteger();
        sim.setJudge(request -> {
          if (answered.incrementAndGet() == 5) {
            inServerNamespace(pid, "cat /dev/zero > \"" + dir + "/filler\" 2>/dev/null; true");
          }
          return LlmSimulator.defaultJudge().apply(request);
        });
        rpc.callTool(3, "evaluate_options", Map.of("session_id", sessionId));
        JsonNode failed = rpc.await(3).path("result");
        String text = failed.path("content").path(0).path("text").asText();
        assertThat(failed.path("isError").asBoolean()).as(failed.toString()).isTrue();
        assertThat(text).contains("could not be saved").contains("kept in the judgment cache").contains("evaluate_options again");
        assertThat(text).as("no server path in the answer").doesNotContain(dir);
        long paid = sim.stats().statusCount(200);
        assertThat(paid).isGreaterThanOrEqualTo(CELLS);

        rpc.callTool(4, "get_decision_matrix", Map.of("session_id", sessionId));
        JsonNode unchanged = rpc.await(4).path("result");
        assertThat(unchanged.path("isError").asBoolean()).as("reading works on a full disk: %s", unchanged).isFalse();
        assertThat(unchanged.path("structuredContent").path("cells")).allSatisfy(cell ->
            assertThat(cell.path("state").asText()).as("nothing half written").isNotEqualTo("scored"));

        inServerNamespace(pid, "rm -f \"" + dir + "/filler\"");
        rpc.callTool(5, "evaluate_options", Map.of("session_id", sessionId));
        JsonNode saved = rpc.await(5).path("result");
        assertThat(saved.path("isError").asBoolean()).as(saved.toString()).isFalse();
        assertThat(sim.stats().statusCount(200)).as("the judgments paid for came from the cache").isEqualTo(paid);
        rpc.callTool(6, "get_decision_matrix", Map.of("session_id", sessionId));
        JsonNode matrix = rpc.await(6).path("result").path("structuredContent");
        assertThat(matrix.path("cells")).hasSize(CELLS).allSatisfy(cell -> assertThat(cell.path("state").asText()).isEqualTo("scored"));
        rpc.closeInput();
        assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
