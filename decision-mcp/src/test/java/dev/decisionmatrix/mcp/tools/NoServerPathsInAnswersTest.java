package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.DecisionStoreException;
import dev.decisionmatrix.store.Session;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Error texts given to clients never carry the server's file-system paths or Java class names. */
class NoServerPathsInAnswersTest {

  private static final String PATH = "/var/lib/decision-matrix/sessions/3f2a.json";

  /** A store whose disk is gone: every write fails with the path in its message, as the file store's do. */
  private static final class BrokenStore implements DecisionStore {
    @Override
    public Optional<Session> get(String id) {
      return Optional.empty();
    }

    @Override
    public Session save(Session session) {
      throw new DecisionStoreException("Could not write session " + session.id() + " to " + PATH + ": AccessDeniedException " + PATH);
    }

    @Override
    public Session update(String id, UnaryOperator<Session> change) {
      throw new DecisionStoreException("Could not write session " + id + " to " + PATH);
    }

    @Override
    public boolean delete(String id) {
      return false;
    }

    @Override
    public List<Session> list() {
      throw new IllegalStateException("listing " + PATH + " failed");
    }

    @Override
    public Optional<Session> mostRecent() {
      return Optional.empty();
    }

    @Override
    public int clear() {
      throw new IllegalStateException("clearing " + PATH + " failed");
    }
  }

  @Test
  void aFailingSessionStoreIsReportedWithoutItsPath() {
    try (TestServer server = new TestServer(new BrokenStore(), FakeBackends.none(), null)) {
      ToolResult r = server.call("start_decision_analysis",
          Map.of("topic", "T", "options", List.of("A", "B"), "initial_criteria", List.of(Map.of("name", "C"))), RecordingContext.plain());

      assertThat(r.error()).isTrue();
      assertThat(r.text()).contains("could not be stored", "DECISION_MATRIX_DATA_DIR").doesNotContain(PATH, "/var/lib", "Exception");
    }
  }

  @Test
  void anUnexpectedFailureNamesNeitherItsClassNorItsMessage() {
    try (TestServer server = new TestServer(new BrokenStore(), FakeBackends.none(), null)) {
      ToolResult r = server.call("clear_all_sessions", Map.of(), RecordingContext.plain());

      assertThat(r.error()).isTrue();
      assertThat(r.text()).contains("internal error in clear_all_sessions", "server's log").doesNotContain(PATH, "IllegalStateException");
    }
  }
}
