package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stopping the server in the middle of an evaluation keeps every judgment that landed, proven with
 * a real second JVM: SIGTERM (what a service manager or {@code docker stop} sends) and the host
 * closing stdin (what an MCP host does when it quits) both cancel the evaluation, merge that into the session and exit (0, or 143 for SIGTERM). After a restart the
 * session holds every answer the server read, without recovering anything from a journal, and
 * finishing the evaluation asks the simulator only for the rest.
 */
class GracefulStopIT {

  private static final int OPTIONS = 30;
  private static final int CRITERIA = 20;
  private static final int CELLS = OPTIONS * CRITERIA;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SIGTERM", "stdin closed"})
  void aStopMidEvaluationKeepsEveryJudgmentThatLanded(String how, @TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(30)).start()) {
      Map<String, String> env = ServerJar.judgingWith(sim, dataDir);
      String sessionId;
      long answered;
      try (ServerJar stopped = ServerJar.start(env)) {
        StdioSession rpc = new StdioSession(stopped.process);
        rpc.initialize("stop-test");
        sessionId = rpc.startSuppliers(2, OPTIONS, CRITERIA);
        rpc.callTool(3, "evaluate_options", Map.of("session_id", sessionId));
        assertThat(sim.awaitStats(st -> st.statusCount(200) >= CELLS / 3, Duration.ofSeconds(60)))
            .as("a third of the cells were answered").isTrue();

        if (how.equals("SIGTERM")) {
          stopped.process.destroy();
        } else {
          rpc.closeInput();
        }
        assertThat(stopped.process.waitFor(30, TimeUnit.SECONDS)).as("the server exits after %s; stderr: %s", how, stopped.stderr).isTrue();
        assertThat(stopped.process.exitValue()).as("exit code after %s; stderr: %s", how, stopped.stderr)
            .isEqualTo(how.equals("SIGTERM") ? 143 : 0);
        stopped.awaitStderrClosed(Duration.ofSeconds(10));
        assertThat(stopped.stderr).as("the stop waited for the merge").noneMatch(line -> line.contains("did not finish saving"));
        assertThat(sim.awaitStats(st -> st.inFlight() == 0, Duration.ofSeconds(30))).isTrue();
        answered = sim.stats().statusCount(200);
        // The judgments were merged into the session before the exit: no journal is left to recover
        // from, as there would be after a crash.
        try (Stream<Path> files = Files.walk(dataDir)) {
          assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".journal"));
        }
      }
      assertThat(answered).as("the stop came mid-evaluation").isLessThan(CELLS);

      try (ServerJar restarted = ServerJar.start(env)) {
        StdioSession rpc = new StdioSession(restarted.process);
        rpc.initialize("stop-test");
        rpc.callTool(2, "get_decision_matrix", Map.of("session_id", sessionId));
        JsonNode matrix = rpc.await(2).path("result");
        assertThat(matrix.path("isError").asBoolean()).as(matrix.toString()).isFalse();
        int kept = StdioSession.scoredCells(matrix.path("structuredContent"), CELLS);
        // Only answers still on the wire when the stop interrupted their calls may be missing, and
        // the simulator also counts hedged copies (second requests for a slow cell), one slot each.
        assertThat(kept).as("judgments in the session after %s (%d answered)", how, answered)
            .isLessThanOrEqualTo((int) answered).isGreaterThanOrEqualTo((int) answered - 2 * ServerOptions.DEFAULT_MAX_CONCURRENCY);

        long callsBefore = sim.stats().statusCount(200);
        rpc.callTool(3, "evaluate_options", Map.of("session_id", sessionId));
        JsonNode finished = rpc.await(3).path("result");
        assertThat(finished.path("isError").asBoolean()).as(finished.toString()).isFalse();
        long hedges = finished.path("structuredContent").path("stats").path("hedges").asLong();
        long calls = sim.stats().statusCount(200) - callsBefore;
        // The persistent judgment cache may answer calls whose answers landed as the stop came.
        assertThat(calls).as("only the cells not kept are asked (%d hedges)", hedges).isLessThanOrEqualTo(CELLS - kept + hedges);
        rpc.closeInput();
        assertThat(restarted.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
