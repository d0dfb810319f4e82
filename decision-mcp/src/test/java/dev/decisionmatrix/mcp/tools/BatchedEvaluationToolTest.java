package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.mcp.DecisionServer;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RecordedRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate_options} with {@code batch_criteria}, over the OpenAI wire to the simulator: one
 * call per option judges its criteria, each cell lands with its own score, and the estimate agrees.
 */
class BatchedEvaluationToolTest {

  private LlmSimulator sim;
  private OpenAiBackend backend;
  private DecisionServer server;

  @BeforeEach
  void start() {
    sim = LlmSimulator.builder().start();
    backend = OpenAiBackend.builder().baseUrl(sim.baseUrl()).apiKey("sk-test").model("judge").build();
    server = new DecisionServer(DecisionStore.inMemory(), EvaluationCache.inMemory(), new FakeBackends(Map.of("openai", backend), "openai"),
        "openai", null, 8, 4, Duration.ofDays(1), InstantSource.system(), PriceTable.defaults());
  }

  @AfterEach
  void stop() {
    server.close();
    backend.close();
    sim.close();
  }

  private ToolResult call(String tool, Map<String, Object> args) {
    return server.tools().call(tool, args, RecordingContext.plain());
  }

  private String session() {
    ToolResult r = call("start_decision_analysis", Map.of(
        "topic", "Which queue for the order service?",
        "options", List.of("Kafka", "RabbitMQ", "NATS"),
        "initial_criteria", List.of(Map.of("name", "Throughput", "weight", 3), Map.of("name", "Operations effort", "direction", "cost"),
            Map.of("name", "Ecosystem"))));
    assertThat(r.error()).as(r.text()).isFalse();
    return (String) r.structured().get("session_id");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void batchCriteriaJudgesEachOptionInOneCallAndEveryCellGetsItsOwnScore() {
    String id = session();

    ToolResult r = call("evaluate_options", Map.of("session_id", id, "batch_criteria", 3));

    assertThat(r.error()).as(r.text()).isFalse();
    List<RecordedRequest> chats = sim.requests().stream().filter(q -> q.sequence() >= 0).toList();
    assertThat(chats).hasSize(3);
    assertThat(map(r.structured().get("stats")).get("calls")).isEqualTo(3L);
    Session s = server.store().get(id).orElseThrow();
    Decision d = s.decision();
    for (var option : d.options()) {
      for (var criterion : d.criteria()) {
        assertThat(s.evaluation().judgment(option.name(), criterion.name())).as("%s x %s", option.name(), criterion.name())
            .isInstanceOfSatisfying(Judgment.Scored.class,
                j -> assertThat(j.score()).isEqualTo(LlmSimulator.expectedScore(option.name(), criterion.name())));
      }
    }
  }

  @Test
  void theDryRunOfABatchedEvaluationCountsOneCallPerOption() {
    String id = session();

    ToolResult r = call("evaluate_options", Map.of("session_id", id, "batch_criteria", 3, "dry_run", true));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(map(r.structured().get("estimate")).get("calls")).isEqualTo(3L);
    assertThat(sim.stats().requests()).isZero();
  }

  @Test
  void aBatchSizeThatIsNotAWholeNumberInRangeIsRefusedWithTheRange() {
    String id = session();

    ToolResult fraction = call("evaluate_options", Map.of("session_id", id, "batch_criteria", 2.5));
    ToolResult tooMany = call("evaluate_options", Map.of("session_id", id, "batch_criteria", 51));

    assertThat(fraction.error()).isTrue();
    assertThat(fraction.text()).contains("batch_criteria", "whole number");
    assertThat(tooMany.error()).isTrue();
    assertThat(tooMany.text()).contains("batch_criteria", "50");
    assertThat(sim.stats().requests()).isZero();
  }
}
