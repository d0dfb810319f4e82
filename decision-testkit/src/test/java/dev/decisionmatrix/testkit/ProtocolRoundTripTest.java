package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.answerText;
import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.json;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProtocolRoundTripTest {

  private static LlmSimulator sim;

  @BeforeAll
  static void start() {
    sim = LlmSimulator.builder().start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void resetSimulator() {
    sim.reset();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void eachProtocolAnswersTheCellWithTheExpectedJudgment(Protocol protocol) throws Exception {
    HttpResponse<String> response = send(cell(sim, protocol, "PostgreSQL", "Cost"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    String text = answerText(protocol, json(response.body()));
    assertThat(text).isEqualTo(LlmSimulator.expectedAnswer("PostgreSQL", "Cost"));
    JsonNode judgment = json(text);
    assertThat(judgment.get("score").asDouble()).isEqualTo(LlmSimulator.expectedScore("PostgreSQL", "Cost"));
    assertThat(judgment.get("confidence").asDouble())
        .isEqualTo(LlmSimulator.expectedConfidence("PostgreSQL", "Cost"));
    assertThat(judgment.get("reasoning").asText()).contains("PostgreSQL", "Cost");
    assertThat(sim.stats().requestCount(protocol)).isEqualTo(1);
  }

  @Test
  void openAiAnswerHasTheChatCompletionShapeAndUsage() throws Exception {
    JsonNode body = json(send(cell(sim, Protocol.OPENAI, "A", "Speed")).body());

    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("created").asLong()).isPositive();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.at("/choices/0/index").asInt()).isZero();
    assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = body.get("usage");
    assertThat(usage.get("prompt_tokens").asLong()).isPositive();
    assertThat(usage.get("completion_tokens").asLong())
        .isEqualTo((LlmSimulator.expectedAnswer("A", "Speed").length() + 3) / 4);
    assertThat(usage.get("total_tokens").asLong())
        .isEqualTo(usage.get("prompt_tokens").asLong() + usage.get("completion_tokens").asLong());
  }

  @Test
  void promptTokensAreAQuarterOfTheSystemAndMessageCharactersRoundedUp() throws Exception {
    String user = SimHttp.cellPrompt("Pick a database", "Speed", "A");
    JsonNode body = json(send(cell(sim, Protocol.OPENAI, "A", "Speed")).body());

    long chars = SimHttp.SYSTEM.length() + user.length();
    assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo((chars + 3) / 4);
    assertThat(sim.stats().inputTokens()).isEqualTo((chars + 3) / 4);
  }

  @Test
  void anthropicAnswerHasTheMessageShapeAndUsage() throws Exception {
    HttpResponse<String> response = send(cell(sim, Protocol.ANTHROPIC, "A", "Speed"));
    JsonNode body = json(response.body());

    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.get("role").asText()).isEqualTo("assistant");
    assertThat(body.get("id").asText()).startsWith("msg_");
    assertThat(body.get("model").asText()).isEqualTo("claude-haiku-4-5");
    assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(body.at("/usage/input_tokens").asLong()).isPositive();
    assertThat(body.at("/usage/output_tokens").asLong()).isPositive();
    assertThat(response.headers().firstValue("request-id")).isPresent();
  }

  @Test
  void ollamaAnswerHasTheChatShapeAndEvalCounts() throws Exception {
    JsonNode body = json(send(cell(sim, Protocol.OLLAMA, "A", "Speed")).body());

    assertThat(body.get("model").asText()).isEqualTo("llama3.2");
    assertThat(body.get("created_at").asText()).contains("T");
    assertThat(body.at("/message/role").asText()).isEqualTo("assistant");
    assertThat(body.get("done").asBoolean()).isTrue();
    assertThat(body.get("done_reason").asText()).isEqualTo("stop");
    assertThat(body.get("prompt_eval_count").asLong()).isPositive();
    assertThat(body.get("eval_count").asLong()).isPositive();
  }

  @Test
  void ollamaStreamsNdjsonWhenStreamIsNotTurnedOff() throws Exception {
    ObjectNode payload =
        SimHttp.body(Protocol.OLLAMA, "llama3.2", SimHttp.cellPrompt("t", "Speed", "A"));
    payload.remove("stream");
    HttpResponse<String> response =
        send(SimHttp.request(sim, Protocol.OLLAMA, "llama3.2", payload.toString()).build());

    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    String[] lines = response.body().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(json(lines[0]).at("/message/content").asText())
        .isEqualTo(LlmSimulator.expectedAnswer("A", "Speed"));
    assertThat(json(lines[1]).get("done").asBoolean()).isTrue();
    assertThat(json(lines[1]).get("eval_count").asLong()).isPositive();
  }

  @Test
  void bedrockAnswerHasTheConverseShapeUsageAndMetrics() throws Exception {
    HttpResponse<String> response = send(cell(sim, Protocol.BEDROCK, "A", "Speed"));
    JsonNode body = json(response.body());

    assertThat(body.at("/output/message/role").asText()).isEqualTo("assistant");
    assertThat(body.get("stopReason").asText()).isEqualTo("end_turn");
    JsonNode usage = body.get("usage");
    assertThat(usage.get("totalTokens").asLong())
        .isEqualTo(usage.get("inputTokens").asLong() + usage.get("outputTokens").asLong());
    assertThat(body.at("/metrics/latencyMs").isIntegralNumber()).isTrue();
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void bedrockDecodesAUrlEncodedModelIdWithColonsAndSlashes() throws Exception {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-v1:0";
    String payload = SimHttp.body(Protocol.BEDROCK, arn, SimHttp.cellPrompt("t", "c", "o")).toString();
    HttpResponse<String> response = send(SimHttp.request(sim, Protocol.BEDROCK, arn, payload).build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(sim.requests()).last().extracting(RecordedRequest::model).isEqualTo(arn);
  }

  @Test
  void forcedToolCallsAnswerWithTheJudgmentAsToolInput() throws Exception {
    String user = SimHttp.cellPrompt("t", "Speed", "A");
    ObjectNode anthropic = SimHttp.body(Protocol.ANTHROPIC, "claude", user);
    anthropic.putArray("tools").addObject().put("name", "record_judgment");
    anthropic.putObject("tool_choice").put("type", "tool").put("name", "record_judgment");
    JsonNode a =
        json(send(SimHttp.request(sim, Protocol.ANTHROPIC, "claude", anthropic.toString()).build()).body());
    ObjectNode bedrock = SimHttp.body(Protocol.BEDROCK, SimHttp.BEDROCK_MODEL, user);
    ObjectNode toolConfig = bedrock.putObject("toolConfig");
    toolConfig.putArray("tools").addObject().putObject("toolSpec").put("name", "record_judgment");
    toolConfig.putObject("toolChoice").putObject("tool").put("name", "record_judgment");
    JsonNode b =
        json(send(SimHttp.request(sim, Protocol.BEDROCK, SimHttp.BEDROCK_MODEL, bedrock.toString()).build())
            .body());
    ObjectNode openAi = SimHttp.body(Protocol.OPENAI, "gpt", user);
    openAi.putObject("tool_choice").put("type", "function").putObject("function").put("name", "record_judgment");
    JsonNode o = json(send(SimHttp.request(sim, Protocol.OPENAI, "gpt", openAi.toString()).build()).body());

    double expected = LlmSimulator.expectedScore("A", "Speed");
    assertThat(a.at("/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(a.at("/content/0/input/score").asDouble()).isEqualTo(expected);
    assertThat(a.get("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(b.at("/output/message/content/0/toolUse/input/score").asDouble()).isEqualTo(expected);
    assertThat(b.get("stopReason").asText()).isEqualTo("tool_use");
    assertThat(json(o.at("/choices/0/message/tool_calls/0/function/arguments").asText()).get("score").asDouble())
        .isEqualTo(expected);
    assertThat(o.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void openAiAcceptsTheShortPathAndJsonSchemaResponseFormat() throws Exception {
    ObjectNode payload = SimHttp.body(Protocol.OPENAI, "gpt", SimHttp.cellPrompt("t", "c", "o"));
    ObjectNode format = payload.putObject("response_format").put("type", "json_schema");
    format.putObject("json_schema").put("name", "judgment").put("strict", true).putObject("schema").put("type", "object");
    HttpResponse<String> response =
        send(SimHttp.request(sim, Protocol.OPENAI, "gpt", payload.toString())
            .uri(java.net.URI.create(sim.baseUrl() + "/chat/completions"))
            .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(answerText(Protocol.OPENAI, json(response.body())))
        .isEqualTo(LlmSimulator.expectedAnswer("o", "c"));
  }

  @Test
  void listingEndpointsShowTheModelsInEachProvidersShape() throws Exception {
    JsonNode openAi = json(SimHttp.get(sim.baseUrl() + "/v1/models").body());
    JsonNode anthropic =
        json(SimHttp.get(sim.baseUrl() + "/v1/models", "anthropic-version", "2023-06-01").body());
    JsonNode ollama = json(SimHttp.get(sim.baseUrl() + "/api/tags").body());

    assertThat(openAi.get("object").asText()).isEqualTo("list");
    assertThat(openAi.at("/data/0/object").asText()).isEqualTo("model");
    assertThat(anthropic.at("/data/0/type").asText()).isEqualTo("model");
    assertThat(anthropic.get("has_more").asBoolean()).isFalse();
    assertThat(ollama.at("/models/0/name").asText()).isNotEmpty();
    assertThat(sim.stats().requestCount(Protocol.ANTHROPIC)).isEqualTo(1);
  }

  @Test
  void unknownPathAnswers404AndWrongMethodAnswers405() throws Exception {
    assertThat(SimHttp.get(sim.baseUrl() + "/v1/completions").statusCode()).isEqualTo(404);
    assertThat(SimHttp.get(sim.baseUrl() + "/v1/chat/completions").statusCode()).isEqualTo(405);
    assertThat(sim.requests()).extracting(RecordedRequest::sequence).containsOnly(-1L);
  }
}
