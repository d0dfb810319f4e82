package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.store.DecisionStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A default install starts each provider cautiously and lets it climb to --max-concurrency. */
class DefaultConcurrencyTest {

  private static DecisionServer server(int maxConcurrency) {
    return new DecisionServer(DecisionStore.inMemory(), new FakeBackends(Map.of("openai", new CountingBackend("openai")), "openai"), "openai",
        null, maxConcurrency, 4, Duration.ofDays(30), InstantSource.system());
  }

  private static void evaluateTwoCells(DecisionServer server) {
    var started = server.tools().call("start_decision_analysis",
        Map.of("topic", "T", "options", List.of("A", "B"), "initial_criteria", List.of(Map.of("name", "C"))), dev.decisionmatrix.mcp.tools.ToolContext.none());
    assertThat(started.error()).as(started.text()).isFalse();
    String id = (String) started.structured().get("session_id");
    assertThat(server.tools().call("evaluate_options", Map.of("session_id", id), dev.decisionmatrix.mcp.tools.ToolContext.none()).error()).isFalse();
  }

  @Test
  void eachProviderStartsAtSixteenUnderTheDefaultCeilingOfSixtyFour() {
    DecisionServer server = server(ServerOptions.parse(new String[0], Map.of()).maxConcurrency());
    try {
      evaluateTwoCells(server);

      assertThat(ServerOptions.DEFAULT_MAX_CONCURRENCY).isEqualTo(64);
      assertThat(server.engine().concurrencyLimit("openai")).as("two calls never saturate a limit of 16").isEqualTo(16);
    } finally {
      server.close();
    }
  }

  @Test
  void aLowerMaximumIsAlsoWhereTheProviderStarts() {
    DecisionServer server = server(8);
    try {
      evaluateTwoCells(server);

      assertThat(server.engine().concurrencyLimit("openai")).isEqualTo(8);
    } finally {
      server.close();
    }
  }
}
