package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable judgments, proven with a real second JVM: the server is killed with SIGKILL in the middle
 * of a 50 x 20 evaluation against the simulator. After a restart on the same data directory, every
 * judgment that completed before the kill is in the session, except at most those whose answers
 * were still in flight, and finishing the evaluation asks the simulator only for the rest.
 */
class CrashRecoveryIT {

  private static final int OPTIONS = 50;
  private static final int CRITERIA = 20;
  private static final int CELLS = OPTIONS * CRITERIA;
  /** Answers the simulator sent that the killed JVM never read (its calls in flight), plus one journal group. */
  private static final int IN_FLIGHT_BOUND = 2 * ServerOptions.DEFAULT_MAX_CONCURRENCY;

  @Test
  void aKilledServerKeepsEveryJudgmentThatLandedAndTheRestartAsksOnlyForTheRest(@TempDir Path dataDir) throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(30)).start()) {
      Map<String, String> env = ServerJar.judgingWith(sim, dataDir);
      String sessionId;
      long answeredBeforeKill;
      try (ServerJar doomed = ServerJar.start(env)) {
        StdioSession rpc = new StdioSession(doomed.process);
        rpc.initialize("crash-test");
        sessionId = rpc.startSuppliers(2, OPTIONS, CRITERIA);
        assertThat(sessionId).isNotBlank();
        rpc.callTool(3, "evaluate_options", Map.of("session_id", sessionId));
        assertThat(sim.awaitStats(st -> st.statusCount(200) >= CELLS / 3, Duration.ofSeconds(60)))
            .as("a third of the cells were answered").isTrue();

        doomed.process.destroyForcibly(); // SIGKILL: no shutdown hook, no final merge
        assertThat(doomed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sim.awaitStats(st -> st.inFlight() == 0, Duration.ofSeconds(30))).isTrue();
        answeredBeforeKill = sim.stats().statusCount(200);
      }
      assertThat(answeredBeforeKill).as("the kill came mid-evaluation").isLessThan(CELLS);

      try (ServerJar restarted = ServerJar.start(env)) {
        StdioSession rpc = new StdioSession(restarted.process);
        rpc.initialize("crash-test");
        rpc.callTool(2, "get_decision_matrix", Map.of("session_id", sessionId));
        JsonNode matrix = rpc.await(2).path("result");
        assertThat(matrix.path("isError").asBoolean()).as(matrix.toString()).isFalse();
        int recovered = StdioSession.scoredCells(matrix.path("structuredContent"), CELLS);

        assertThat(recovered).as("judgments answered before the kill (%d) are in the session", answeredBeforeKill)
            .isLessThanOrEqualTo((int) answeredBeforeKill)
            .isGreaterThanOrEqualTo((int) answeredBeforeKill - IN_FLIGHT_BOUND);

        long callsBefore = sim.stats().statusCount(200);
        rpc.callTool(3, "evaluate_options", Map.of("session_id", sessionId));
        JsonNode finished = rpc.await(3).path("result");
        assertThat(finished.path("isError").asBoolean()).as(finished.toString()).isFalse();
        // A hedged call (a second copy of a slow one) is a second answered request for the same cell.
        long hedges = finished.path("structuredContent").path("stats").path("hedges").asLong();
        long calls = sim.stats().statusCount(200) - callsBefore;

        // The persistent judgment cache may answer a few more of them (judgments whose journal line
        // was still queued at the kill), never fewer.
        assertThat(calls).as("only the cells not recovered are asked (%d hedges)", hedges).isLessThanOrEqualTo(CELLS - recovered + hedges)
            .isGreaterThanOrEqualTo(CELLS - recovered - IN_FLIGHT_BOUND);
        rpc.callTool(4, "get_decision_matrix", Map.of("session_id", sessionId));
        assertThat(StdioSession.scoredCells(rpc.await(4).path("result").path("structuredContent"), CELLS)).isEqualTo(CELLS);
        rpc.closeInput();
        assertThat(restarted.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

}
