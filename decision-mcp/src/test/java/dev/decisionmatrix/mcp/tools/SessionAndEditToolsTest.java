package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.FakeSampling;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.store.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tools that create, edit, list and delete sessions, on their happy paths. */
class SessionAndEditToolsTest {

  private final CountingBackend openai = new CountingBackend("openai");
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Session session(String id) {
    return server.server.store().get(id).orElseThrow();
  }

  @Test
  void startCreatesASessionWithOptionsCriteriaAndNextSteps() {
    ToolResult r =
        server.call(
            "start_decision_analysis",
            Map.of(
                "topic", "Which CI service?",
                "options", List.of("GitHub Actions", Map.of("name", "GitLab CI", "description", "self-hosted runners")),
                "initial_criteria",
                    List.of(
                        Map.of("name", "Price", "direction", "cost", "weight", 2.5, "custom_prompt", "10 = very expensive"),
                        Map.of("name", "Speed", "model_name", "gpt-4.1", "temperature", 0)),
                "model_name", "gpt-4.1-mini",
                "temperature", 0.2));

    assertThat(r.error()).as(r.text()).isFalse();
    String id = (String) r.structured().get("session_id");
    assertThat(r.text()).contains("session_id: " + id, "GitHub Actions, GitLab CI", "Price (weight 2.5, cost", "Next steps:", "evaluate_options");
    assertThat(r.structured()).containsEntry("topic", "Which CI service?").containsKey("next_steps");
    Session s = session(id);
    assertThat(s.decision().options().get(1).description()).isEqualTo("self-hosted runners");
    assertThat(s.decision().criteria().get(0).direction()).isEqualTo(Direction.COST);
    assertThat(s.decision().criteria().get(0).rubric()).isEqualTo("10 = very expensive");
    assertThat(s.decision().criteria().get(0).weight()).isEqualTo(2.5);
    assertThat(s.decision().criteria().get(1).temperature()).isZero();
    assertThat(s.settings().model()).isEqualTo("gpt-4.1-mini");
    assertThat(s.settings().temperature()).isEqualTo(0.2);
  }

  @Test
  void startAcceptsOptionsSentAsAJsonText() {
    ToolResult r = server.call("start_decision_analysis", Map.of("topic", "T", "options", "[\"A\", \"B\", \"C\"]"));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.structured().get("options")).isEqualTo(List.of("A", "B", "C"));
  }

  @Test
  void startNamesTheJudge() {
    ToolResult withSampling = server.call("start_decision_analysis", Map.of("topic", "T", "options", List.of("A", "B")), RecordingContext.sampling(new FakeSampling()));
    ToolResult without = server.call("start_decision_analysis", Map.of("topic", "T", "options", List.of("A", "B")));
    ToolResult chosen = server.call("start_decision_analysis", Map.of("topic", "T", "options", List.of("A", "B"), "model_backend", "LiteLLM"));

    assertThat(withSampling.structured().get("judge")).isEqualTo("MCP sampling (the host's own model)");
    assertThat(without.structured().get("judge").toString()).startsWith("openai");
    assertThat(chosen.error()).as(chosen.text()).isFalse();
    assertThat(session((String) chosen.structured().get("session_id")).settings().backend()).isEqualTo("openai");
  }

  @Test
  void addAndRemoveOptionsAndCriteria() {
    String id = server.startSession(RecordingContext.plain());

    ToolResult added = server.call("add_option", Map.of("session_id", id, "option_name", "SQLite", "description", "embedded"));
    ToolResult criterion =
        server.call("add_criterion", Map.of("session_id", id, "name", "Ops burden", "weight", 0.5, "direction", "cost", "rubric", "1 = none"));
    ToolResult removedOption = server.call("remove_option", Map.of("session_id", id, "name", "mysql"));
    ToolResult removedCriterion = server.call("remove_criterion", Map.of("session_id", id, "criterion_name", "RELIABILITY"));

    assertThat(added.error()).as(added.text()).isFalse();
    assertThat(added.structured()).containsEntry("cells_to_judge", 2);
    assertThat(criterion.error()).as(criterion.text()).isFalse();
    assertThat(criterion.structured()).containsEntry("cells_to_judge", 3);
    assertThat(removedOption.structured()).containsEntry("removed", "MySQL");
    assertThat(removedCriterion.structured()).containsEntry("removed", "Reliability");
    Session s = session(id);
    assertThat(s.decision().options()).extracting(o -> o.name()).containsExactly("PostgreSQL", "SQLite");
    assertThat(s.decision().criteria()).extracting(c -> c.name()).containsExactly("Cost", "Ops burden");
    assertThat(s.decision().criterion("Ops burden").rubric()).isEqualTo("1 = none");
  }

  @Test
  void reWeightingKeepsJudgmentsAndNeedsNoCalls() {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));
    int calls = openai.calls.get();

    ToolResult r = server.call("update_criterion", Map.of("session_id", id, "criterion_name", "cost", "weight", 7));
    ToolResult again = server.call("evaluate_options", Map.of("session_id", id));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.structured()).containsEntry("judgments_kept", true).containsEntry("cells_to_judge", 0);
    assertThat(r.text()).contains("no LLM calls needed");
    assertThat(session(id).decision().criterion("Cost").weight()).isEqualTo(7.0);
    assertThat(again.text()).contains("Nothing to judge");
    assertThat(openai.calls.get()).isEqualTo(calls);
  }

  @Test
  void changingWhatTheJudgeIsAskedMakesTheCellsBeJudgedAgain() {
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));

    ToolResult r =
        server.call(
            "update_criterion",
            Map.of("session_id", id, "criterion_name", "Cost", "new_name", "Total cost", "description", "3 years", "direction", "cost", "temperature", 0));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.structured()).containsEntry("judgments_kept", false).containsEntry("cells_to_judge", 2);
    assertThat(session(id).decision().criteria()).extracting(c -> c.name()).containsExactly("Reliability", "Total cost");
    assertThat(session(id).evaluation().counts().missing()).isEqualTo(2);
  }

  @Test
  void aCriterionOverrideCanBeSetAndRemoved() {
    String id = server.startSession(RecordingContext.plain());

    ToolResult set = server.call("update_criterion", Map.of("session_id", id, "criterion_name", "Cost", "model_backend", "openai", "model_name", "gpt-x"));
    String withOverride = session(id).decision().criterion("Cost").backend();
    ToolResult removed = server.call("update_criterion", Map.of("session_id", id, "criterion_name", "Cost", "model_backend", "", "model_name", ""));

    assertThat(set.error()).as(set.text()).isFalse();
    assertThat(set.text()).contains("judged by openai / gpt-x");
    assertThat(withOverride).isEqualTo("openai");
    assertThat(removed.error()).as(removed.text()).isFalse();
    assertThat(session(id).decision().criterion("Cost").backend()).isNull();
    assertThat(session(id).decision().criterion("Cost").model()).isNull();
  }

  @Test
  void setScoreRecordsAManualScoreThatEvaluationKeeps() {
    String id = server.startSession(RecordingContext.plain());

    ToolResult r = server.call("set_score", Map.of("session_id", id, "option_name", "mysql", "criterion_name", "cost", "score", "4.5", "note", "our quote"));
    server.call("evaluate_options", Map.of("session_id", id, "scope", "all"));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.text()).contains("MySQL x Cost", "4.5/10 by hand");
    Judgment j = session(id).evaluation().judgment("MySQL", "Cost");
    assertThat(j).isEqualTo(Judgment.Scored.manual(4.5, "our quote"));
    assertThat(openai.calls.get()).isEqualTo(3);
    assertThat(server.call("get_decision_matrix", Map.of("session_id", id)).text()).contains("4.5");
  }

  @Test
  void listCurrentDeleteAndClearSessions() {
    String first = server.startSession(RecordingContext.plain());
    String second = server.startSession(RecordingContext.plain());
    server.call("add_option", Map.of("session_id", first, "option_name", "SQLite"));

    ToolResult list = server.call("list_sessions", Map.of());
    ToolResult current = server.call("current_session", Map.of());
    ToolResult deleted = server.call("delete_session", Map.of("session_id", second));
    ToolResult cleared = server.call("clear_all_sessions", Map.of());
    ToolResult empty = server.call("list_sessions", Map.of());
    ToolResult noCurrent = server.call("current_session", Map.of());

    assertThat(list.structured()).containsEntry("count", 2);
    assertThat(list.text()).contains("Session " + first, "Session " + second);
    assertThat(((Map<?, ?>) current.structured().get("session")).get("session_id")).isEqualTo(first);
    assertThat(deleted.structured()).containsEntry("deleted", true);
    assertThat(cleared.structured()).containsEntry("deleted", 1);
    assertThat(empty.structured()).containsEntry("count", 0);
    assertThat(empty.text()).contains("No sessions yet");
    assertThat(noCurrent.structured()).containsEntry("found", false);
  }
}
