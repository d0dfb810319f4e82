package dev.decisionmatrix.backends;

import dev.decisionmatrix.backends.anthropic.AnthropicBackend;
import dev.decisionmatrix.backends.bedrock.BedrockBackend;
import dev.decisionmatrix.backends.ollama.OllamaBackend;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The four backends, each pointed at a simulator, as the tests build them. */
enum Provider {
  OPENAI(Protocol.OPENAI, "sim-gpt"),
  ANTHROPIC(Protocol.ANTHROPIC, "sim-claude"),
  OLLAMA(Protocol.OLLAMA, "sim-llama"),
  BEDROCK(Protocol.BEDROCK, "anthropic.sim-claude-v1:0");

  /** The OpenAI key the tests use; it must never show up in any printout. */
  static final String OPENAI_KEY = "sk-test-openai-0123456789abcdefSECRET";

  /** The Anthropic key the tests use. */
  static final String ANTHROPIC_KEY = "sk-ant-test-0123456789abcdefSECRET";

  /** The AWS secret access key the tests use. */
  static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";

  final Protocol protocol;
  final String model;

  Provider(Protocol protocol, String model) {
    this.protocol = protocol;
    this.model = model;
  }

  /** Returns the key the simulator should require for this protocol, or null. */
  String requiredKey() {
    return switch (this) {
      case OPENAI -> OPENAI_KEY;
      case ANTHROPIC -> ANTHROPIC_KEY;
      case OLLAMA, BEDROCK -> null;
    };
  }

  LlmBackend backend(LlmSimulator sim) {
    return backend(sim, Duration.ofSeconds(20));
  }

  LlmBackend backend(LlmSimulator sim, Duration requestTimeout) {
    return backend(sim.baseUrl(protocol), requestTimeout);
  }

  LlmBackend backend(String url, Duration requestTimeout) {
    return switch (this) {
      case OPENAI -> OpenAiBackend.builder().baseUrl(url).apiKey(OPENAI_KEY).model(model).requestTimeout(requestTimeout).build();
      case ANTHROPIC -> AnthropicBackend.builder().baseUrl(url).apiKey(ANTHROPIC_KEY).model(model).requestTimeout(requestTimeout).build();
      case OLLAMA -> OllamaBackend.builder().baseUrl(url).model(model).requestTimeout(requestTimeout).build();
      case BEDROCK ->
          BedrockBackend.builder()
              .region("us-east-1")
              .endpointOverride(url)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR00000000", AWS_SECRET)))
              .model(model)
              .requestTimeout(requestTimeout)
              .build();
    };
  }

  static void close(LlmBackend backend) {
    if (backend instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The request the engine sends for one cell. */
  static ChatRequest cellRequest(String option, String criterion) {
    String user = JudgePrompt.user("Which database should we use?", Criterion.of(criterion), Option.of(option), 0);
    return new ChatRequest(JudgePrompt.system(), List.of(ChatMessage.user(user)), null, 0.0, 600, JudgePrompt.SCHEMA);
  }
}
