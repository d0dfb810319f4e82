package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.mcp.tools.ToolResult;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.StoreOptions;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions and judgments survive a restart on the same data directory. */
class RestartTest {

  private static TestServer serverOn(Path dataDir, CountingBackend openai) {
    return new TestServer(DecisionStore.files(dataDir, StoreOptions.defaults()),
        EvaluationCache.persistent(dataDir.resolve(ServerOptions.CACHE_SUBDIRECTORY)),
        new FakeBackends(Map.of("openai", openai), "openai"), null);
  }

  @Test
  void aRestartedServerAnswersARepeatedEvaluationFromItsCacheWithoutCallingTheBackend(@TempDir Path dir) {
    CountingBackend openai = new CountingBackend("openai");
    try (TestServer first = serverOn(dir, openai)) {
      String id = first.startSession(RecordingContext.plain());
      first.call("evaluate_options", Map.of("session_id", id));
      // The session goes; only the cache remembers the judgments.
      first.call("delete_session", Map.of("session_id", id));
    }
    int callsBefore = openai.calls.get();
    assertThat(callsBefore).isEqualTo(4);

    try (TestServer second = serverOn(dir, openai)) {
      String id = second.startSession(RecordingContext.plain());
      ToolResult again = second.call("evaluate_options", Map.of("session_id", id));

      assertThat(again.error()).as(again.text()).isFalse();
      assertThat(again.structured().get("stats")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("cache_hits", 4L);
      assertThat(openai.calls.get()).isEqualTo(callsBefore);
    }
  }

  @Test
  void withAnInMemoryCacheTheRestartedServerAsksAgain(@TempDir Path dir) {
    CountingBackend openai = new CountingBackend("openai");
    try (TestServer first = new TestServer(DecisionStore.files(dir, StoreOptions.defaults()), new FakeBackends(Map.of("openai", openai), "openai"), null)) {
      String id = first.startSession(RecordingContext.plain());
      first.call("evaluate_options", Map.of("session_id", id));
      first.call("delete_session", Map.of("session_id", id));
    }
    try (TestServer second = new TestServer(DecisionStore.files(dir, StoreOptions.defaults()), new FakeBackends(Map.of("openai", openai), "openai"), null)) {
      String id = second.startSession(RecordingContext.plain());
      second.call("evaluate_options", Map.of("session_id", id));
    }
    assertThat(openai.calls.get()).isEqualTo(8);
  }

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
