package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.mcp.DecisionServer;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate_options} and money, with the OpenAI backend over loopback HTTP to the simulator:
 * what an evaluation and a session cost, what cache hits saved, dry runs and budgets.
 */
class CostToolTest {

  private LlmSimulator sim;
  private OpenAiBackend backend;
  private DecisionServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (backend != null) {
      backend.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private void start(String model, PriceTable prices) {
    sim = LlmSimulator.builder().start();
    backend = OpenAiBackend.builder().baseUrl(sim.baseUrl()).apiKey("sk-test").model(model).build();
    server = new DecisionServer(DecisionStore.inMemory(), EvaluationCache.inMemory(), new FakeBackends(Map.of("openai", backend), "openai"),
        "openai", null, 8, 4, Duration.ofDays(1), InstantSource.system(), prices);
  }

  private ToolResult call(String tool, Map<String, Object> args) {
    return server.tools().call(tool, args, RecordingContext.plain());
  }

  private String session(List<String> options) {
    ToolResult r = call("start_decision_analysis", Map.of(
        "topic", "Which queue for the order service?",
        "options", options,
        "initial_criteria", List.of(Map.of("name", "Throughput", "weight", 3), Map.of("name", "Operations effort", "direction", "cost"))));
    assertThat(r.error()).as(r.text()).isFalse();
    return (String) r.structured().get("session_id");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static double usd(Map<String, Object> amount) {
    return ((Number) amount.get("priced_usd")).doubleValue();
  }

  @Test
  void anEvaluationReportsItsCostFromTheProvidersTokensAndTheSessionAddsUp() {
    start("queue-judge", PriceTable.parse("queue-judge=1/2"));
    String id = session(List.of("Kafka", "RabbitMQ"));

    ToolResult first = call("evaluate_options", Map.of("session_id", id));
    long in = sim.stats().inputTokens();
    long out = sim.stats().outputTokens();
    ToolResult added = call("add_option", Map.of("session_id", id, "name", "NATS"));
    ToolResult second = call("evaluate_options", Map.of("session_id", id));

    assertThat(first.error()).as(first.text()).isFalse();
    assertThat(added.error()).as(added.text()).isFalse();
    Map<String, Object> cost = map(first.structured().get("cost"));
    double expected = (in * 1.0 + out * 2.0) / 1e6;
    assertThat(usd(map(cost.get("spent")))).as("the simulator's %d/%d tokens at 1/2 dollars per million", in, out).isEqualTo(expected, within(1e-12));
    assertThat(map(cost.get("spent")).get("usd")).isNotNull();
    assertThat((List<?>) cost.get("by_model")).singleElement().satisfies(m -> assertThat(map(m)).containsEntry("model", "queue-judge").containsEntry("calls", 4L));
    assertThat(first.text()).contains("Cost: $0.00");
    Map<String, Object> sessionCost = map(second.structured().get("session_cost"));
    assertThat(sessionCost).containsEntry("evaluations", 2L).containsEntry("calls", 6L);
    assertThat(usd(map(sessionCost.get("spent")))).isEqualTo((sim.stats().inputTokens() + 2.0 * sim.stats().outputTokens()) / 1e6, within(1e-12));
    assertThat(second.text()).contains("this session since the server started: ", "over 2 evaluations");
  }

  @Test
  void cacheHitsAreReportedAsMoneySaved() {
    start("queue-judge", PriceTable.parse("queue-judge=1/2"));
    ToolResult paid = call("evaluate_options", Map.of("session_id", session(List.of("Kafka", "RabbitMQ"))));
    long requests = sim.stats().requests();

    ToolResult cached = call("evaluate_options", Map.of("session_id", session(List.of("Kafka", "RabbitMQ"))));

    assertThat(sim.stats().requests()).as("the same questions are answered from the cache").isEqualTo(requests);
    Map<String, Object> cost = map(cached.structured().get("cost"));
    assertThat(usd(map(cost.get("spent")))).isZero();
    assertThat(usd(map(cost.get("saved_by_cache")))).as("four hits at the average usage of the four paid calls")
        .isCloseTo(usd(map(map(paid.structured().get("cost")).get("spent"))), org.assertj.core.data.Percentage.withPercentage(1));
  }

  @Test
  void aModelWithoutAPriceIsReportedAsUnknownNotFree() {
    start("homegrown-model", PriceTable.defaults());
    ToolResult r = call("evaluate_options", Map.of("session_id", session(List.of("Kafka", "RabbitMQ"))));

    Map<String, Object> spent = map(map(r.structured().get("cost")).get("spent"));
    assertThat(spent.get("usd")).isNull();
    assertThat(spent.get("unknown_price_models")).isEqualTo(List.of("openai/homegrown-model"));
    assertThat(r.text()).contains("Cost: unknown price (openai/homegrown-model)");
  }

  @Test
  void aDryRunEstimatesCallsTokensAndCostWithoutCallingTheModel() {
    start("gpt-4o-mini", PriceTable.defaults());
    String warm = session(List.of("Kafka", "RabbitMQ"));
    call("evaluate_options", Map.of("session_id", warm));
    long requests = sim.stats().requests();
    String id = session(List.of("Kafka", "RabbitMQ", "NATS"));

    ToolResult r = call("evaluate_options", Map.of("session_id", id, "dry_run", true, "max_calls", 1));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(sim.stats().requests()).as("no request reached the provider").isEqualTo(requests);
    assertThat(server.store().get(id).orElseThrow().evaluation().counts().missing()).isEqualTo(6);
    Map<String, Object> estimate = map(r.structured().get("estimate"));
    assertThat(estimate).containsEntry("cells", 6).containsEntry("calls", 2L).containsEntry("cache_hits", 4L);
    assertThat(map(estimate.get("cost")).get("usd")).as("gpt-4o-mini has a default price").isNotNull();
    assertThat((String) estimate.get("budget")).contains("max_calls 1 would stop it after 1 of about 2 calls");
    assertThat(r.text()).contains("Dry run", "2 calls (4 cache hits free)", "without dry_run");
  }

  @Test
  void aCallBudgetStopsTheEvaluationCleanlyAndKeepsWhatWasJudged() {
    start("gpt-4o-mini", PriceTable.defaults());
    String id = session(List.of("Kafka", "RabbitMQ", "NATS"));

    ToolResult r = call("evaluate_options", Map.of("session_id", id, "max_calls", 2));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(sim.stats().requestCount(dev.decisionmatrix.testkit.Protocol.OPENAI)).isEqualTo(2);
    var counts = server.store().get(id).orElseThrow().evaluation().counts();
    assertThat(counts.scored()).isEqualTo(2);
    assertThat(counts.missing()).as("not judged, never failed").isEqualTo(4);
    assertThat(counts.failed()).isZero();
    assertThat((String) map(r.structured().get("cost")).get("budget_stop")).contains("budget of 2 calls was reached", "4 cell(s) were left unjudged");
    assertThat(r.text()).contains("Stopped by the budget", "call evaluate_options again");

    ToolResult rest = call("evaluate_options", Map.of("session_id", id));
    assertThat(rest.error()).as(rest.text()).isFalse();
    assertThat(server.store().get(id).orElseThrow().evaluation().counts().scored()).isEqualTo(6);
  }

  @Test
  void aCostBudgetNeedsAPriceAndSaysHowToGiveOne() {
    start("homegrown-model", PriceTable.defaults());
    String id = session(List.of("Kafka", "RabbitMQ"));

    ToolResult r = call("evaluate_options", Map.of("session_id", id, "max_cost", 0.01));
    ToolResult zero = call("evaluate_options", Map.of("session_id", id, "max_cost", 0));

    assertThat(r.error()).isTrue();
    assertThat(r.text()).contains("openai/homegrown-model has none", "DECISION_MATRIX_PRICES").doesNotContain("Exception");
    assertThat(sim.stats().requests()).isZero();
    assertThat(zero.error()).isTrue();
    assertThat(zero.text()).contains("max_cost", "more than 0");
  }

  @Test
  void aCostBudgetStopsBeforeTheCallThatWouldPassIt() {
    start("queue-judge", PriceTable.parse("queue-judge=1000/1000"));
    String warm = session(List.of("Kafka", "RabbitMQ"));
    ToolResult paid = call("evaluate_options", Map.of("session_id", warm));
    double perCall = usd(map(map(paid.structured().get("cost")).get("spent"))) / 4;
    String id = session(List.of("Redis", "NATS", "Pulsar"));

    ToolResult r = call("evaluate_options", Map.of("session_id", id, "max_cost", perCall * 3.5));

    double spent = usd(map(map(r.structured().get("cost")).get("spent")));
    assertThat(spent).isLessThanOrEqualTo(perCall * 3.5 * 1.02);
    assertThat(server.store().get(id).orElseThrow().evaluation().counts().scored()).isBetween(2, 4);
    assertThat((String) map(r.structured().get("cost")).get("budget_stop")).contains("budget of $");
  }
}
