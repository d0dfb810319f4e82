package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What test_backend_connection says when a backend fails: the fix that fits the failure. */
class ConnectionAnswersTest {

  /** A provider that is reachable but answers every call with HTTP 500. */
  private static final class FailingProvider implements LlmBackend {
    @Override
    public ChatResponse chat(ChatRequest request) {
      throw new LlmException(LlmErrorKind.TRANSIENT, "openai answered HTTP 500 (internal server error)", null, 500, "openai", "m", null);
    }

    @Override
    public String id() {
      return "openai";
    }

    @Override
    public @Nullable String defaultModel() {
      return "m";
    }
  }

  @Test
  void anHttp500IsNotHintedAsAnUnreachableHost() {
    try (TestServer server = new TestServer(new FakeBackends(Map.of("openai", new FailingProvider()), "openai"), "openai")) {
      ToolResult r = server.call("test_backend_connection", Map.of("backend", "openai"));

      assertThat(r.text()).contains("Not working", "HTTP 500", "a fault on its side; try again later")
          .doesNotContain("reachable", "Set OPENAI_API_KEY");
    }
  }

  @Test
  void everyToolNameOfThePythonServerAnswers() {
    try (TestServer server = new TestServer(FakeBackends.none(), null)) {
      for (String tool : java.util.List.of("start_decision_analysis", "add_criterion", "evaluate_options", "get_decision_matrix", "add_option",
          "list_sessions", "clear_all_sessions", "current_session", "test_aws_bedrock_connection")) {
        assertThat(server.server.tools().definition(tool)).as(tool).isPresent();
      }
    }
  }

  @Test
  void testAwsBedrockConnectionTestsTheBedrockBackend() {
    try (TestServer server = new TestServer(new FakeBackends(Map.of("openai", new FailingProvider()), "openai"), "openai")) {
      ToolResult r = server.call("test_aws_bedrock_connection", Map.of());

      assertThat(r.text()).as(r.text()).contains("bedrock", "Set BEDROCK_API_KEY.");
    }
  }
}
