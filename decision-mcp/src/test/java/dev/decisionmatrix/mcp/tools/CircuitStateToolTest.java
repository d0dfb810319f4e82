package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A provider that is down opens its circuit, and test_backend_connection shows it. */
class CircuitStateToolTest {

  @Test
  void aDownProviderEndsTheEvaluationWithFailuresSayingSinceWhenAndTheConnectionTestShowsTheOpenCircuit() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend down = request -> {
      calls.incrementAndGet();
      throw new LlmException(LlmErrorKind.TRANSIENT, "HTTP 503 from the provider");
    };
    try (TestServer server = new TestServer(new FakeBackends(Map.of("openai", down), "openai"), null)) {
      ToolResult started = server.call("start_decision_analysis", Map.of(
          "topic", "Which queue?",
          "options", List.of("Kafka", "RabbitMQ", "NATS", "SQS", "Pulsar"),
          "initial_criteria", List.of(Map.of("name", "Latency"), Map.of("name", "Cost"), Map.of("name", "Operations"),
              Map.of("name", "Ecosystem"))));
      String id = (String) started.structured().get("session_id");

      ToolResult evaluated = server.call("evaluate_options", Map.of("session_id", id));
      assertThat(evaluated.text()).contains("down since");
      assertThat(calls.get()).as("retries after the circuit opened never reach the provider").isLessThan(20 * 4);

      ToolResult connection = server.call("test_backend_connection", Map.of("backend", "openai"));

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> circuits = (List<Map<String, Object>>) connection.structured().get("circuits");
      assertThat(circuits).singleElement().satisfies(c -> {
        assertThat(c.get("status")).isEqualTo("open");
        assertThat(c.get("down_since")).isNotNull();
        assertThat((Integer) c.get("failures_in_a_row")).isGreaterThanOrEqualTo(20);
      });
      assertThat(connection.text()).contains("Circuit breaker: openai", "open, the provider is down since");
    }
  }
}
