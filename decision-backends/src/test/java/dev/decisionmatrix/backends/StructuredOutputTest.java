package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Each backend asks for JSON in its protocol's own way; checked on the body the simulator recorded. */
class StructuredOutputTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static RecordedRequest send(Provider provider) {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      LlmBackend backend = provider.backend(sim);
      try {
        backend.chat(Provider.cellRequest("Redis", "Latency"));
      } finally {
        Provider.close(backend);
      }
      assertThat(sim.requests()).hasSize(1);
      RecordedRequest request = sim.requests().getFirst();
      assertThat(sim.stats().requests()).isEqualTo(1);
      return request;
    }
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.body());
  }

  private static JsonNode schema() throws Exception {
    return JSON.readTree(JudgePrompt.SCHEMA.json());
  }

  @Test
  void openAiSendsAStrictJsonSchemaResponseFormat() throws Exception {
    RecordedRequest request = send(Provider.OPENAI);
    JsonNode body = body(request);

    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("judgment");
    assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    assertThat(body.at("/response_format/json_schema/schema")).isEqualTo(schema());
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(body.at("/messages/0/content").asText()).isEqualTo(JudgePrompt.system());
    assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
    assertThat(body.at("/max_tokens").asInt()).as("not api.openai.com: max_tokens").isEqualTo(600);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(body.at("/temperature").asDouble()).isZero();
    assertThat(request.headers().first("authorization")).isEqualTo("Bearer " + Provider.OPENAI_KEY);
  }

  @Test
  void anthropicSendsTheSystemPromptTopLevelAndNoResponseFormat() throws Exception {
    RecordedRequest request = send(Provider.ANTHROPIC);
    JsonNode body = body(request);

    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(body.get("system").asText()).isEqualTo(JudgePrompt.system()).contains("JSON object");
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(body.has("response_format")).isFalse();
    assertThat(body.has("output_format")).isFalse();
    assertThat(body.get("max_tokens").asInt()).isEqualTo(600);
    assertThat(request.headers().first("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.headers().first("x-api-key")).isEqualTo(Provider.ANTHROPIC_KEY);
  }

  @Test
  void ollamaSendsTheSchemaAsFormatWithoutStreaming() throws Exception {
    RecordedRequest request = send(Provider.OLLAMA);
    JsonNode body = body(request);

    assertThat(request.path()).isEqualTo("/api/chat");
    assertThat(body.get("format")).isEqualTo(schema());
    assertThat(body.get("stream").asBoolean(true)).isFalse();
    assertThat(body.at("/options/num_predict").asInt()).isEqualTo(600);
    assertThat(body.at("/options/temperature").asDouble()).isZero();
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
  }

  @Test
  void bedrockSendsTheSchemaAsConverseOutputConfig() throws Exception {
    RecordedRequest request = send(Provider.BEDROCK);
    JsonNode body = body(request);

    assertThat(request.path()).startsWith("/model/").endsWith("/converse");
    assertThat(request.model()).isEqualTo(Provider.BEDROCK.model);
    assertThat(body.at("/outputConfig/textFormat/type").asText()).isEqualTo("json_schema");
    assertThat(body.at("/outputConfig/textFormat/structure/jsonSchema/name").asText()).isEqualTo("judgment");
    assertThat(JSON.readTree(body.at("/outputConfig/textFormat/structure/jsonSchema/schema").asText())).isEqualTo(schema());
    assertThat(body.at("/system/0/text").asText()).isEqualTo(JudgePrompt.system());
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(600);
  }
}
