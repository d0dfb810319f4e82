package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.backends.anthropic.AnthropicBackend;
import dev.decisionmatrix.backends.bedrock.BedrockBackend;
import dev.decisionmatrix.backends.ollama.OllamaBackend;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.llm.LlmBackend;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration by environment variables, with maps standing in for the environment. */
class BackendsFromEnvironmentTest {

  private static final String OPENAI_KEY = "sk-proj-envtest0123456789SECRET";
  private static final String ANTHROPIC_KEY = "sk-ant-envtest0123456789SECRET";

  private static LlmBackend create(Map<String, String> env) {
    return Backends.fromEnvironment(env);
  }

  private static <T> T closing(LlmBackend backend, Class<T> type) {
    Provider.close(backend);
    assertThat(backend).isInstanceOf(type);
    return type.cast(backend);
  }

  @Test
  void openAiKeyAloneSelectsOpenAiWithItsDefaultModel() {
    OpenAiBackend backend = closing(create(Map.of("OPENAI_API_KEY", OPENAI_KEY)), OpenAiBackend.class);

    assertThat(backend.baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(backend.defaultModel()).isEqualTo(OpenAiBackend.DEFAULT_MODEL);
  }

  @Test
  void openAiBaseUrlWithoutKeySelectsAnOpenAiCompatibleServer() {
    OpenAiBackend backend =
        closing(create(Map.of("OPENAI_BASE_URL", "http://localhost:8000/v1/", "DECISION_MATRIX_MODEL", "qwen")), OpenAiBackend.class);

    assertThat(backend.baseUrl()).isEqualTo("http://localhost:8000/v1");
    assertThat(backend.defaultModel()).isEqualTo("qwen");
  }

  @Test
  void openAiReadsOrganizationAndProject() {
    BackendConfig config =
        BackendConfig.fromEnvironment(
            Map.of("OPENAI_API_KEY", OPENAI_KEY, "OPENAI_ORG_ID", "org-1", "OPENAI_PROJECT_ID", "proj-2"), null);

    assertThat(config.organization()).isEqualTo("org-1");
    assertThat(config.project()).isEqualTo("proj-2");
  }

  @Test
  void anthropicKeyAloneSelectsAnthropic() {
    AnthropicBackend backend = closing(create(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY)), AnthropicBackend.class);

    assertThat(backend.defaultModel()).isEqualTo(AnthropicBackend.DEFAULT_MODEL);
    assertThat(backend.baseUrl()).isEqualTo("https://api.anthropic.com");
  }

  @Test
  void anthropicBaseUrlWithV1IsAccepted() {
    AnthropicBackend backend =
        closing(
            create(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "ANTHROPIC_BASE_URL", "https://proxy.example.com/v1", "DECISION_MATRIX_MODEL", "claude-haiku-4-5")),
            AnthropicBackend.class);

    assertThat(backend.baseUrl()).isEqualTo("https://proxy.example.com");
    assertThat(backend.defaultModel()).isEqualTo("claude-haiku-4-5");
  }

  @ParameterizedTest
  @CsvSource({
    "localhost:11434, http://localhost:11434",
    "gpu-box, http://gpu-box:11434",
    "0.0.0.0:9999, http://0.0.0.0:9999",
    "http://gpu-box, http://gpu-box:80",
    "https://ollama.example.com, https://ollama.example.com:443",
    "http://10.0.0.5:11434/, http://10.0.0.5:11434",
  })
  void ollamaHostIsReadTheWayTheOllamaCliReadsIt(String host, String baseUrl) {
    OllamaBackend backend = closing(create(Map.of("OLLAMA_HOST", host)), OllamaBackend.class);

    assertThat(backend.baseUrl()).isEqualTo(baseUrl);
    assertThat(backend.defaultModel()).isEqualTo(OllamaBackend.DEFAULT_MODEL);
  }

  @Test
  void ollamaWithoutHostUsesLocalhost() {
    OllamaBackend backend = closing(create(Map.of("DECISION_MATRIX_BACKEND", "ollama", "DECISION_MATRIX_MODEL", "qwen2.5:7b")), OllamaBackend.class);

    assertThat(backend.baseUrl()).isEqualTo("http://localhost:11434");
    assertThat(backend.defaultModel()).isEqualTo("qwen2.5:7b");
  }

  @Test
  void bedrockReadsRegionProfileEndpointAndModel() {
    Map<String, String> env =
        Map.of(
            "DECISION_MATRIX_BACKEND", "bedrock",
            "AWS_REGION", "eu-central-1",
            "AWS_PROFILE", "team",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:4566",
            "DECISION_MATRIX_MODEL", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");

    BackendConfig config = BackendConfig.fromEnvironment(env, null);
    BedrockBackend backend = closing(create(env), BedrockBackend.class);

    assertThat(config.region()).isEqualTo("eu-central-1");
    assertThat(config.profile()).isEqualTo("team");
    assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:4566");
    assertThat(backend.region()).isEqualTo("eu-central-1");
    assertThat(backend.toString()).contains("http://127.0.0.1:4566").contains("profile=team");
  }

  @Test
  void bedrockFallsBackToAwsDefaultRegion() {
    BackendConfig config =
        BackendConfig.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "us-west-2", "DECISION_MATRIX_MODEL", "amazon.nova-lite-v1:0"), BackendKind.BEDROCK);

    assertThat(config.region()).isEqualTo("us-west-2");
  }

  @ParameterizedTest
  @CsvSource({
    "openai, OPENAI", "OpenAI, OPENAI", "openai-compatible, OPENAI", "openai_compatible, OPENAI", "litellm, OPENAI",
    "vllm, OPENAI", "lmstudio, OPENAI", "openrouter, OPENAI", "anthropic, ANTHROPIC", "claude, ANTHROPIC",
    "ollama, OLLAMA", "bedrock, BEDROCK", "aws, BEDROCK", "' Bedrock ', BEDROCK",
  })
  void backendNamesAndAliasesParse(String name, BackendKind kind) {
    assertThat(BackendKind.parse(name)).isEqualTo(kind);
  }

  @Test
  void anAliasInTheEnvironmentSelectsItsBackend() {
    BackendConfig config =
        BackendConfig.fromEnvironment(
            Map.of("DECISION_MATRIX_BACKEND", "litellm", "OPENAI_BASE_URL", "http://localhost:4000", "DECISION_MATRIX_MODEL", "gpt-4o"), null);

    assertThat(config.kind()).isEqualTo(BackendKind.OPENAI);
    assertThat(config.baseUrl()).isEqualTo("http://localhost:4000");
  }

  @Test
  void explicitBackendVariableWinsOverInference() {
    BackendConfig config =
        BackendConfig.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "anthropic", "OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY), null);

    assertThat(config.kind()).isEqualTo(BackendKind.ANTHROPIC);
    assertThat(config.apiKey()).isEqualTo(ANTHROPIC_KEY);
  }

  @Test
  void explicitKindArgumentWinsOverTheBackendVariable() {
    BackendConfig config = BackendConfig.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "anthropic", "OLLAMA_HOST", "box:1"), BackendKind.OLLAMA);

    assertThat(config.kind()).isEqualTo(BackendKind.OLLAMA);
    assertThat(config.baseUrl()).isEqualTo("http://box:1");
  }

  @Test
  void inferencePrefersOpenAiThenAnthropicThenOllama() {
    assertThat(BackendConfig.fromEnvironment(Map.of("OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OLLAMA_HOST", "x"), null).kind())
        .isEqualTo(BackendKind.OPENAI);
    assertThat(BackendConfig.fromEnvironment(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OLLAMA_HOST", "x"), null).kind())
        .isEqualTo(BackendKind.ANTHROPIC);
    assertThat(BackendConfig.fromEnvironment(Map.of("OLLAMA_HOST", "x"), null).kind()).isEqualTo(BackendKind.OLLAMA);
  }

  @Test
  void blankValuesCountAsUnset() {
    assertThat(BackendConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "  ", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, "DECISION_MATRIX_BACKEND", ""), null).kind())
        .isEqualTo(BackendKind.ANTHROPIC);
  }

  @Test
  void nothingConfiguredListsWhatToSetForEveryBackend() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("PATH", "/usr/bin")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("No LLM backend is configured")
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageContaining("OPENAI_BASE_URL")
        .hasMessageContaining("ANTHROPIC_API_KEY")
        .hasMessageContaining("OLLAMA_HOST")
        .hasMessageContaining("AWS_REGION")
        .hasMessageContaining("DECISION_MATRIX_MODEL")
        .hasMessageContaining("DECISION_MATRIX_BACKEND");
  }

  @Test
  void nothingConfiguredIsEmptyForTheOptionalVariant() {
    assertThat(Backends.fromEnvironmentIfConfigured(Map.of())).isEmpty();
  }

  @Test
  void samplingIsNotConfiguredHere() {
    Map<String, String> env = Map.of("DECISION_MATRIX_BACKEND", "sampling", "OPENAI_API_KEY", OPENAI_KEY);

    assertThat(Backends.fromEnvironmentIfConfigured(env)).isEmpty();
    assertThatThrownBy(() -> Backends.fromEnvironment(env))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("sampling")
        .hasMessageContaining("MCP");
  }

  @Test
  void theOptionalVariantCreatesAConfiguredBackend() {
    Optional<LlmBackend> backend = Backends.fromEnvironmentIfConfigured(Map.of("OLLAMA_HOST", "localhost"));

    assertThat(backend).get().isInstanceOf(OllamaBackend.class);
    backend.ifPresent(Provider::close);
  }

  @Test
  void theOptionalVariantStillReportsAnIncompleteConfiguration() {
    assertThatThrownBy(() -> Backends.fromEnvironmentIfConfigured(Map.of("DECISION_MATRIX_BACKEND", "anthropic")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
  }

  @Test
  void unknownBackendNamesTheVariableAndTheChoices() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "gemini")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("DECISION_MATRIX_BACKEND")
        .hasMessageContaining("'gemini'")
        .hasMessageContaining("openai")
        .hasMessageContaining("bedrock");
  }

  @Test
  void openAiWithoutKeyNamesTheKeyVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "openai")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("OPENAI_API_KEY is not set")
        .hasMessageContaining("OPENAI_BASE_URL");
  }

  @Test
  void openAiCompatibleServerWithoutModelNamesTheModelVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("OPENAI_BASE_URL", "http://localhost:1234/v1")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("DECISION_MATRIX_MODEL is not set")
        .hasMessageContaining("http://localhost:1234/v1");
  }

  @Test
  void malformedBaseUrlNamesTheVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("OPENAI_BASE_URL", "localhost:8000", "DECISION_MATRIX_MODEL", "m")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("OPENAI_BASE_URL")
        .hasMessageContaining("http://");
  }

  @Test
  void anthropicWithoutKeyNamesTheKeyVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "claude")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY is not set");
  }

  @Test
  void malformedOllamaHostNamesTheVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("OLLAMA_HOST", "http://bad host:1")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("OLLAMA_HOST");
  }

  @Test
  void bedrockWithoutRegionNamesTheRegionVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "aws", "DECISION_MATRIX_MODEL", "m")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("AWS_REGION is not set")
        .hasMessageContaining("AWS_DEFAULT_REGION");
  }

  @Test
  void bedrockWithAMalformedRegionNamesTheVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "bedrock", "AWS_REGION", "virginia", "DECISION_MATRIX_MODEL", "m")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("AWS_REGION")
        .hasMessageContaining("'virginia'");
  }

  @Test
  void bedrockWithoutModelNamesTheModelVariable() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("DECISION_MATRIX_BACKEND", "bedrock", "AWS_REGION", "us-east-1")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("DECISION_MATRIX_MODEL is not set")
        .hasMessageContaining("inference profile");
  }

  @Test
  void missingAwsSdkNamesTheMavenDependenciesToAdd() throws Exception {
    // A loader that sees only the JDK, as an application without the optional dependency would.
    try (URLClassLoader jdkOnly = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> Backends.requireAwsSdk(jdkOnly))
          .isInstanceOf(BackendConfigurationException.class)
          .hasMessageContaining("software.amazon.awssdk")
          .hasMessageContaining("<artifactId>bedrockruntime</artifactId>")
          .hasMessageContaining("<artifactId>url-connection-client</artifactId>");
    }
  }

  @Test
  void theAwsSdkIsFoundWhenItIsOnTheClassPath() {
    Backends.requireAwsSdk(Backends.class.getClassLoader());
  }

  @Test
  void configToStringRedactsTheKey() {
    BackendConfig config = BackendConfig.fromEnvironment(Map.of("OPENAI_API_KEY", OPENAI_KEY, "OPENAI_ORG_ID", "org-1"), null);

    assertThat(config.toString()).contains("apiKey=***").contains("kind=openai").contains("org-1").doesNotContain(OPENAI_KEY).doesNotContain("SECRET");
  }

  @Test
  void backendToStringNeverShowsTheKey() {
    LlmBackend openAi = create(Map.of("OPENAI_API_KEY", OPENAI_KEY));
    LlmBackend anthropic = create(Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY));
    Provider.close(openAi);
    Provider.close(anthropic);

    assertThat(openAi.toString()).contains("api.openai.com").doesNotContain(OPENAI_KEY);
    assertThat(anthropic.toString()).contains("api.anthropic.com").doesNotContain(ANTHROPIC_KEY);
  }

  @Test
  void aKeyWithALineBreakIsRejectedWithoutShowingIt() {
    assertThatThrownBy(() -> Backends.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-abc\ndef-SECRET")))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void createAppliesTimeoutsAndStructuredOutputFromTheConfig() {
    BackendConfig config =
        BackendConfig.builder(BackendKind.OPENAI)
            .baseUrl("http://localhost:9/v1")
            .model("m")
            .structuredOutput(StructuredOutput.JSON_OBJECT)
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(2))
            .build();

    OpenAiBackend backend = closing(Backends.create(config), OpenAiBackend.class);

    assertThat(backend.structuredOutput("m")).isEqualTo(StructuredOutput.JSON_OBJECT);
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void createReportsWhatTheKindLacks() {
    assertThatThrownBy(() -> Backends.create(BackendConfig.builder(BackendKind.BEDROCK).region("us-east-1").build()))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("model is required");
    assertThatThrownBy(() -> Backends.create(BackendConfig.builder(BackendKind.OPENAI).build()))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining("apiKey is required");
  }

  @Test
  void builderSettersCheckTheirValuesAtOnce() {
    BackendConfig.Builder b = BackendConfig.builder(BackendKind.OPENAI);

    assertThatThrownBy(() -> b.baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> b.model(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> OpenAiBackend.builder().header("Content-Type", "text/plain")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BedrockBackend.builder().region("Virginia")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
  }

  @Test
  void theEnvironmentMapIsNotModified() {
    Map<String, String> env = new HashMap<>(Map.of("OLLAMA_HOST", "localhost"));

    Provider.close(Backends.fromEnvironment(env));

    assertThat(env).containsExactly(Map.entry("OLLAMA_HOST", "localhost"));
  }
}
