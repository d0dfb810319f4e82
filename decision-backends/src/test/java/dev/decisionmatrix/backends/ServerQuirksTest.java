package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.backends.ScriptedServer.Answer;
import dev.decisionmatrix.backends.bedrock.BedrockBackend;
import dev.decisionmatrix.backends.ollama.OllamaBackend;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.judge.JudgmentParser;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Real servers differ: some reject a JSON schema, a temperature or {@code max_tokens}, some echo
 * keys in errors, some send odd bodies. A scripted server plays each quirk.
 */
class ServerQuirksTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JUDGMENT = "{\"score\": 7, \"reasoning\": \"fine\", \"confidence\": 0.8}";

  private static String openAiAnswer() {
    return "{\"model\":\"m\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":" + quote(JUDGMENT)
        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5}}";
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new UncheckedIOException(new java.io.IOException(e));
    }
  }

  private static Function<String, Answer> openAiRejecting(Predicate<JsonNode> rejected, String message) {
    return body ->
        rejected.test(tree(body))
            ? Answer.json(400, "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"invalid_request_error\"}}")
            : Answer.json(200, openAiAnswer());
  }

  private static OpenAiBackend openAi(ScriptedServer server) {
    return OpenAiBackend.builder().baseUrl(server.baseUrl() + "/v1").apiKey(Provider.OPENAI_KEY).model("m").build();
  }

  @Test
  void openAiStepsDownFromJsonSchemaToJsonObjectAndRemembersIt() {
    try (ScriptedServer server =
            new ScriptedServer(
                openAiRejecting(
                    b -> b.at("/response_format/type").asText().equals("json_schema"),
                    "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."));
        OpenAiBackend backend = openAi(server)) {

      ChatResponse first = backend.chat(Provider.cellRequest("A", "B"));
      ChatResponse second = backend.chat(Provider.cellRequest("A", "C"));

      assertThat(JudgmentParser.parse(first.text()).isScored()).isTrue();
      assertThat(JudgmentParser.parse(second.text()).isScored()).isTrue();
      List<String> types = server.bodies().stream().map(b -> tree(b).at("/response_format/type").asText()).toList();
      assertThat(types).containsExactly("json_schema", "json_object", "json_object");
      assertThat(backend.structuredOutput("m")).isEqualTo(StructuredOutput.JSON_OBJECT);
      assertThat(backend.structuredOutput("other")).as("learned per model").isEqualTo(StructuredOutput.JSON_SCHEMA);
    }
  }

  @Test
  void openAiStepsDownToNoResponseFormatWhenTheServerRejectsEveryMode() {
    try (ScriptedServer server =
            new ScriptedServer(openAiRejecting(b -> b.has("response_format"), "Unrecognized request argument supplied: response_format"));
        OpenAiBackend backend = openAi(server)) {

      backend.chat(Provider.cellRequest("A", "B"));
      backend.chat(Provider.cellRequest("A", "B"));

      List<Boolean> sent = server.bodies().stream().map(b -> tree(b).has("response_format")).toList();
      assertThat(sent).containsExactly(true, true, false, false);
      assertThat(backend.structuredOutput("m")).isEqualTo(StructuredOutput.NONE);
    }
  }

  @Test
  void openAiDropsTheTemperatureForModelsThatOnlyAcceptTheirDefault() {
    try (ScriptedServer server =
            new ScriptedServer(
                openAiRejecting(
                    b -> b.has("temperature"),
                    "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."));
        OpenAiBackend backend = openAi(server)) {

      backend.chat(Provider.cellRequest("A", "B"));
      backend.chat(Provider.cellRequest("A", "B"));

      assertThat(server.bodies()).hasSize(3);
      assertThat(tree(server.bodies().get(2)).has("temperature")).isFalse();
      assertThat(tree(server.bodies().get(2)).at("/response_format/type").asText()).isEqualTo("json_schema");
    }
  }

  @Test
  void openAiSwitchesToMaxCompletionTokensWhenTheServerAsksForIt() {
    try (ScriptedServer server =
            new ScriptedServer(
                openAiRejecting(
                    b -> b.has("max_tokens"),
                    "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."));
        OpenAiBackend backend = openAi(server)) {

      backend.chat(Provider.cellRequest("A", "B"));

      JsonNode retried = tree(server.bodies().get(1));
      assertThat(retried.has("max_tokens")).isFalse();
      assertThat(retried.get("max_completion_tokens").asInt()).isEqualTo(600);
    }
  }

  @Test
  void openAiDoesNotRetryABadRequestItCannotAdaptTo() {
    try (ScriptedServer server =
            new ScriptedServer(openAiRejecting(b -> true, "This model's maximum context length is 8192 tokens."));
        OpenAiBackend backend = openAi(server)) {

      LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

      assertThat(e.kind()).isEqualTo(LlmErrorKind.BAD_REQUEST);
      assertThat(e.getMessage()).contains("maximum context length");
      assertThat(server.bodies()).hasSize(1);
    }
  }

  @Test
  void openAiWithoutAModelFailsWithAHintInsteadOfCallingTheServer() {
    try (ScriptedServer server = new ScriptedServer(body -> Answer.json(200, openAiAnswer()));
        OpenAiBackend backend = OpenAiBackend.builder().baseUrl(server.baseUrl() + "/v1").build()) {

      LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

      assertThat(e.kind()).isEqualTo(LlmErrorKind.BAD_REQUEST);
      assertThat(e.getMessage()).contains("DECISION_MATRIX_MODEL");
      assertThat(server.bodies()).isEmpty();
      assertThat(backend.testConnection().message()).contains("DECISION_MATRIX_MODEL");
    }
  }

  @Test
  void anEchoedKeyIsRedactedFromTheErrorMessage() {
    String echo = "Incorrect API key provided: " + Provider.OPENAI_KEY + ". Authorization: Bearer " + Provider.OPENAI_KEY;
    try (ScriptedServer server =
            new ScriptedServer(body -> Answer.json(401, "{\"error\":{\"message\":" + quote(echo) + "}}"));
        OpenAiBackend backend = openAi(server)) {

      LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

      assertThat(e.kind()).isEqualTo(LlmErrorKind.AUTHENTICATION);
      assertThat(e.getMessage()).contains("Incorrect API key provided: ***").doesNotContain(Provider.OPENAI_KEY).doesNotContain("SECRET");
    }
  }

  @Test
  void aSuccessfulStatusWithoutChoicesIsTransient() {
    try (ScriptedServer server =
            new ScriptedServer(body -> Answer.json(200, "{\"error\":{\"message\":\"upstream provider failed\",\"code\":502}}"));
        OpenAiBackend backend = openAi(server)) {

      LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

      assertThat(e.kind()).isEqualTo(LlmErrorKind.TRANSIENT);
      assertThat(e.getMessage()).contains("upstream provider failed");
    }
  }

  @Test
  void aRefusalIsHandedToTheParserAsText() {
    String refusal = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I cannot help with that.\"}}]}";
    try (ScriptedServer server = new ScriptedServer(body -> Answer.json(200, refusal));
        OpenAiBackend backend = openAi(server)) {

      ChatResponse response = backend.chat(Provider.cellRequest("A", "B"));

      assertThat(response.text()).isEqualTo("I cannot help with that.");
      assertThat(response.usage().total()).isZero();
    }
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
    try (ScriptedServer server =
            new ScriptedServer(body -> new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", date), "{}"));
        OpenAiBackend backend = openAi(server)) {

      LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

      assertThat(e.kind()).isEqualTo(LlmErrorKind.RATE_LIMITED);
      assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31)));
    }
  }

  @Test
  void ollamaFallsBackToJsonFormatWhenTheServerRejectsASchema() {
    String ok = "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":" + quote(JUDGMENT)
        + "},\"done\":true,\"prompt_eval_count\":20,\"eval_count\":9}";
    try (ScriptedServer server =
            new ScriptedServer(
                body ->
                    tree(body).get("format").isObject()
                        ? Answer.json(400, "{\"error\":\"json: cannot unmarshal object into Go struct field ChatRequest.format of type string\"}")
                        : Answer.json(200, ok));
        OllamaBackend backend = OllamaBackend.builder().baseUrl(server.baseUrl()).model("m").build()) {

      ChatResponse first = backend.chat(Provider.cellRequest("A", "B"));
      backend.chat(Provider.cellRequest("A", "B"));

      assertThat(first.usage().inputTokens()).isEqualTo(20);
      assertThat(first.usage().outputTokens()).isEqualTo(9);
      List<String> formats = server.bodies().stream().map(b -> tree(b).get("format").toString()).toList();
      assertThat(formats.get(0)).startsWith("{");
      assertThat(formats.subList(1, 3)).containsOnly("\"json\"");
      assertThat(backend.structuredOutput("m")).isEqualTo(StructuredOutput.JSON_OBJECT);
    }
  }

  @Test
  void bedrockDropsTheOutputConfigForModelsThatRejectIt() {
    String ok = "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":" + quote(JUDGMENT)
        + "}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":30,\"outputTokens\":12,\"totalTokens\":42}}";
    try (ScriptedServer server =
            new ScriptedServer(
                body ->
                    tree(body).has("outputConfig")
                        ? new Answer(
                            400,
                            Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "ValidationException"),
                            "{\"message\":\"This model doesn't support the outputConfig field.\"}")
                        : Answer.json(200, ok));
        BedrockBackend backend =
            BedrockBackend.builder()
                .region("us-east-1")
                .endpointOverride(server.baseUrl())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR00000000", Provider.AWS_SECRET)))
                .model("meta.llama3-8b-instruct-v1:0")
                .build()) {

      ChatResponse first = backend.chat(Provider.cellRequest("A", "B"));
      backend.chat(Provider.cellRequest("A", "B"));

      assertThat(first.usage().inputTokens()).isEqualTo(30);
      assertThat(server.bodies().stream().map(b -> tree(b).has("outputConfig")).toList()).containsExactly(true, false, false);
      assertThat(backend.structuredOutput("meta.llama3-8b-instruct-v1:0")).isEqualTo(StructuredOutput.NONE);
    }
  }
}
