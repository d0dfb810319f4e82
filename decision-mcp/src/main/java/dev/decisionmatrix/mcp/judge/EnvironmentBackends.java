package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.backends.BackendConfig;
import dev.decisionmatrix.backends.BackendConfigurationException;
import dev.decisionmatrix.backends.BackendKind;
import dev.decisionmatrix.backends.Backends;
import dev.decisionmatrix.llm.LlmBackend;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server's {@link BackendFactory}: provider backends from environment variables, through
 * decision-backends. {@code DECISION_MATRIX_MODEL} (or {@code --model}) applies to the default
 * provider only, so a criterion that asks for another provider gets that provider's default model
 * rather than a model name meant for another vendor.
 */
public final class EnvironmentBackends implements BackendFactory {

  private static final System.Logger LOG = System.getLogger(EnvironmentBackends.class.getName());
  private static final String MODEL = "DECISION_MATRIX_MODEL";
  private static final String BACKEND = "DECISION_MATRIX_BACKEND";
  private static final String OLLAMA_HOST = "OLLAMA_HOST";
  private static final List<String> PROVIDER_VARIABLES =
      List.of(BACKEND, "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "OLLAMA_HOST");

  private final Map<String, String> env;
  private final @Nullable String defaultProvider;
  private final @Nullable String modelOverride;

  /**
   * Reads the environment.
   *
   * @param env the environment variables
   * @param serverDefault the server's default judge from flags or environment, or {@code null}
   * @param modelOverride the {@code --model} flag, or {@code null}
   */
  public EnvironmentBackends(Map<String, String> env, @Nullable String serverDefault, @Nullable String modelOverride) {
    this.env = Map.copyOf(env);
    this.modelOverride = modelOverride;
    if (serverDefault != null) {
      this.defaultProvider = BackendNames.SAMPLING.equals(BackendNames.normalize(serverDefault)) ? null : BackendNames.normalize(serverDefault);
    } else {
      this.defaultProvider = inferDefault(this.env);
    }
  }

  private static @Nullable String inferDefault(Map<String, String> env) {
    Map<String, String> withoutBackend = new HashMap<>(env);
    withoutBackend.remove(BACKEND);
    try {
      return BackendConfig.fromEnvironment(withoutBackend, null).kind().id();
    } catch (BackendConfigurationException e) {
      if (PROVIDER_VARIABLES.stream().anyMatch(v -> env.get(v) != null && !env.get(v).isBlank())) {
        LOG.log(Level.WARNING, "The environment names an LLM backend but its configuration is incomplete: " + e.getMessage());
      }
      return null;
    }
  }

  @Override
  public Set<String> configured() {
    Set<String> names = new LinkedHashSet<>();
    for (BackendKind kind : BackendKind.values()) {
      // Ollama has a default address, so its configuration never fails: it counts as configured only
      // when OLLAMA_HOST names it or it is the default backend, or every server would claim it.
      if (kind == BackendKind.OLLAMA && !kind.id().equals(defaultProvider) && blank(env.get(OLLAMA_HOST))) {
        continue;
      }
      try {
        BackendConfig.fromEnvironment(envFor(kind.id()), kind);
        names.add(kind.id());
      } catch (BackendConfigurationException e) {
        LOG.log(Level.DEBUG, "backend " + kind.id() + " is not configured: " + e.getMessage());
      }
    }
    return names;
  }

  @Override
  public Optional<String> environmentDefault() {
    return Optional.ofNullable(defaultProvider);
  }

  @Override
  public LlmBackend create(String name) {
    BackendKind kind = BackendKind.parse(name);
    return Backends.create(BackendConfig.fromEnvironment(envFor(kind.id()), kind));
  }

  @Override
  public String howToConfigure(String name) {
    BackendKind kind;
    try {
      kind = BackendKind.parse(name);
    } catch (BackendConfigurationException e) {
      return e.getMessage();
    }
    try {
      BackendConfig.fromEnvironment(envFor(kind.id()), kind);
    } catch (BackendConfigurationException e) {
      return e.getMessage();
    }
    return switch (kind) {
      case OPENAI -> "Set OPENAI_API_KEY (and OPENAI_BASE_URL plus DECISION_MATRIX_MODEL for an OpenAI-compatible server such as LiteLLM).";
      case ANTHROPIC -> "Set ANTHROPIC_API_KEY (and optionally ANTHROPIC_BASE_URL).";
      case OLLAMA -> "Set OLLAMA_HOST (e.g. localhost:11434) and make sure Ollama is running.";
      case BEDROCK -> "Set AWS_REGION and DECISION_MATRIX_MODEL, with AWS credentials (AWS_PROFILE or the default chain).";
    };
  }

  private static boolean blank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  /** The environment a provider is created from: the model setting belongs to the default provider only. */
  private Map<String, String> envFor(String provider) {
    Map<String, String> e = new HashMap<>(env);
    e.remove(BACKEND);
    if (provider.equals(defaultProvider)) {
      if (modelOverride != null) {
        e.put(MODEL, modelOverride);
      }
    } else {
      e.remove(MODEL);
    }
    return e;
  }
}
