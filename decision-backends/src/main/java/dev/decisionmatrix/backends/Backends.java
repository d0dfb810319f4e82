package dev.decisionmatrix.backends;

import dev.decisionmatrix.backends.anthropic.AnthropicBackend;
import dev.decisionmatrix.backends.ollama.OllamaBackend;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.llm.LlmBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Creates LLM backends from configuration.
 *
 * <pre>{@code
 * LlmBackend backend = Backends.fromEnvironment();   // reads DECISION_MATRIX_BACKEND, OPENAI_API_KEY, ...
 * try (DecisionEngine engine = DecisionEngine.builder(backend).build()) { ... }
 * }</pre>
 *
 * <p>Environment variables (blank counts as unset):
 *
 * <ul>
 *   <li>{@code DECISION_MATRIX_BACKEND}: {@code openai}, {@code anthropic}, {@code ollama} or
 *       {@code bedrock} (aliases: see {@link BackendKind#parse(String)}). {@code sampling} belongs
 *       to the MCP server and counts as "not configured" here. Without it the backend is inferred:
 *       {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} selects openai, else {@code
 *       ANTHROPIC_API_KEY} anthropic, else {@code OLLAMA_HOST} ollama.
 *   <li>{@code DECISION_MATRIX_MODEL}: the model (required for Bedrock and for OpenAI-compatible
 *       servers other than api.openai.com).
 *   <li>OpenAI: {@code OPENAI_API_KEY} (required for api.openai.com), {@code OPENAI_BASE_URL},
 *       {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}.
 *   <li>Anthropic: {@code ANTHROPIC_API_KEY} (required for api.anthropic.com), {@code ANTHROPIC_BASE_URL}.
 *   <li>Ollama: {@code OLLAMA_HOST} ({@code host}, {@code host:port} or a URL; default localhost:11434).
 *   <li>Bedrock: {@code AWS_REGION} or {@code AWS_DEFAULT_REGION} (required), {@code AWS_PROFILE},
 *       {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}; credentials from the AWS default chain.
 * </ul>
 *
 * <p>Every backend returned also implements {@link AutoCloseable}; close it when done to release
 * its HTTP client.
 */
public final class Backends {

  static final String AWS_SDK_CLASS = "software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient";
  static final String AWS_HTTP_CLIENT_CLASS = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

  private Backends() {}

  /**
   * Creates the backend the process environment ({@link System#getenv()}) configures.
   *
   * @return the backend
   * @throws BackendConfigurationException if no backend is configured or a variable is missing or
   *     malformed; the message says what to set
   */
  public static LlmBackend fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Creates the backend an environment map configures.
   *
   * @param env the variables
   * @return the backend
   * @throws BackendConfigurationException if no backend is configured or a variable is missing or
   *     malformed; the message says what to set
   */
  public static LlmBackend fromEnvironment(Map<String, String> env) {
    return create(BackendConfig.fromEnvironment(env, null));
  }

  /**
   * Creates the backend an environment map configures, if it configures one.
   *
   * @param env the variables
   * @return the backend, or empty if no backend is selected or inferable, or if {@code
   *     DECISION_MATRIX_BACKEND=sampling} (which the MCP server handles)
   * @throws BackendConfigurationException if a backend is selected but a variable it needs is
   *     missing or malformed, or the backend name is unknown
   */
  public static Optional<LlmBackend> fromEnvironmentIfConfigured(Map<String, String> env) {
    if (env == null) {
      throw new BackendConfigurationException("the environment map must not be null");
    }
    return EnvironmentConfig.isConfigured(env) ? Optional.of(fromEnvironment(env)) : Optional.empty();
  }

  /**
   * Creates a backend from a configuration.
   *
   * @param config the configuration
   * @return the backend (it also implements {@link AutoCloseable})
   * @throws BackendConfigurationException if the configuration lacks what the kind needs (e.g. a
   *     key for api.openai.com, a region or model for Bedrock), or the kind is {@link
   *     BackendKind#BEDROCK} and the AWS SDK is not on the class path (the message names the Maven
   *     dependencies to add)
   */
  public static LlmBackend create(BackendConfig config) {
    if (config == null) {
      throw new BackendConfigurationException("config must not be null");
    }
    try {
      return switch (config.kind()) {
        case OPENAI -> openAi(config);
        case ANTHROPIC -> anthropic(config);
        case OLLAMA -> ollama(config);
        case BEDROCK -> {
          requireAwsSdk(Backends.class.getClassLoader());
          yield BedrockSupport.create(config);
        }
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new BackendConfigurationException(config.kind().id() + " backend: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the AWS SDK classes the Bedrock backend needs can be loaded.
   *
   * @param loader the class loader to look in
   * @throws BackendConfigurationException naming the Maven dependencies to add if they are missing
   */
  static void requireAwsSdk(ClassLoader loader) {
    for (String name : List.of(AWS_SDK_CLASS, AWS_HTTP_CLIENT_CLASS)) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new BackendConfigurationException(
            "the bedrock backend needs the AWS SDK, which is not on the class path (" + name + " cannot be loaded). Add these"
                + " dependencies to your build (versions from software.amazon.awssdk:bom):\n"
                + "  <dependency><groupId>software.amazon.awssdk</groupId><artifactId>bedrockruntime</artifactId></dependency>\n"
                + "  <dependency><groupId>software.amazon.awssdk</groupId><artifactId>url-connection-client</artifactId></dependency>\n"
                + "On the module path, also pass --add-modules"
                + " software.amazon.awssdk.services.bedrockruntime,software.amazon.awssdk.http.urlconnection,org.slf4j"
                + " (or --add-modules ALL-MODULE-PATH).");
      }
    }
  }

  private static LlmBackend openAi(BackendConfig c) {
    OpenAiBackend.Builder b = OpenAiBackend.builder();
    setIfPresent(c.baseUrl(), b::baseUrl);
    setIfPresent(c.apiKey(), b::apiKey);
    setIfPresent(c.model(), b::model);
    setIfPresent(c.organization(), b::organization);
    setIfPresent(c.project(), b::project);
    setIfPresent(c.structuredOutput(), b::structuredOutput);
    setIfPresent(c.connectTimeout(), b::connectTimeout);
    setIfPresent(c.requestTimeout(), b::requestTimeout);
    return b.build();
  }

  private static LlmBackend anthropic(BackendConfig c) {
    AnthropicBackend.Builder b = AnthropicBackend.builder();
    setIfPresent(c.baseUrl(), b::baseUrl);
    setIfPresent(c.apiKey(), b::apiKey);
    setIfPresent(c.model(), b::model);
    setIfPresent(c.connectTimeout(), b::connectTimeout);
    setIfPresent(c.requestTimeout(), b::requestTimeout);
    return b.build();
  }

  private static LlmBackend ollama(BackendConfig c) {
    OllamaBackend.Builder b = OllamaBackend.builder();
    setIfPresent(c.baseUrl(), b::baseUrl);
    setIfPresent(c.model(), b::model);
    setIfPresent(c.structuredOutput(), b::structuredOutput);
    setIfPresent(c.connectTimeout(), b::connectTimeout);
    setIfPresent(c.requestTimeout(), b::requestTimeout);
    return b.build();
  }

  /** Passes a configured value to a builder's setter; leaves the builder's default when the value is not set. */
  static <T> void setIfPresent(@Nullable T value, Consumer<? super T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
