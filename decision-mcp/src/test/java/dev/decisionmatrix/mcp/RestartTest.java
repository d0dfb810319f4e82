package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.mcp.tools.ToolResult;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.StoreOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions and judgments survive a restart on the same data directory. */
class RestartTest {

  @Test
  void theMatrixIsTheSameAfterARestart(@TempDir Path dir) {
    CountingBackend openai = new CountingBackend("openai");
    String id;
    ToolResult before;
    try (TestServer first = new TestServer(DecisionStore.files(dir, StoreOptions.defaults()), new FakeBackends(Map.of("openai", openai), "openai"), null)) {
      id = first.startSession(RecordingContext.plain());
      first.call("evaluate_options", Map.of("session_id", id));
      first.call("set_score", Map.of("session_id", id, "option", "MySQL", "criterion", "Cost", "score", 3, "note", "quote"));
      before = first.call("get_decision_matrix", Map.of("session_id", id));
    }
    int callsBefore = openai.calls.get();

    try (TestServer second = new TestServer(DecisionStore.files(dir, StoreOptions.defaults()), new FakeBackends(Map.of("openai", openai), "openai"), null)) {
      ToolResult after = second.call("get_decision_matrix", Map.of("session_id", id));
      ToolResult again = second.call("evaluate_options", Map.of("session_id", id));
      ToolResult current = second.call("current_session", Map.of());

      assertThat(after.text()).isEqualTo(before.text());
      assertThat(after.structured()).isEqualTo(before.structured());
      assertThat(again.text()).contains("Nothing to judge");
      assertThat(openai.calls.get()).isEqualTo(callsBefore);
      assertThat(current.text()).contains(id);
    }
  }
}
