package dev.decisionmatrix.backends;

import dev.decisionmatrix.backends.anthropic.AnthropicBackend;
import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.ollama.OllamaBackend;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link BackendConfig} from environment variables. Blank values count as unset. Every
 * error names the variable to set; no message ever shows a key.
 */
final class EnvironmentConfig {

  static final String BACKEND = "DECISION_MATRIX_BACKEND";
  static final String MODEL = "DECISION_MATRIX_MODEL";
  static final String OPENAI_API_KEY = "OPENAI_API_KEY";
  static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
  static final String OPENAI_ORG_ID = "OPENAI_ORG_ID";
  static final String OPENAI_PROJECT_ID = "OPENAI_PROJECT_ID";
  static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
  static final String ANTHROPIC_BASE_URL = "ANTHROPIC_BASE_URL";
  static final String OLLAMA_HOST = "OLLAMA_HOST";
  static final String AWS_REGION = "AWS_REGION";
  static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";
  static final String AWS_PROFILE = "AWS_PROFILE";
  static final String AWS_ENDPOINT_URL_BEDROCK_RUNTIME = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME";

  /** The value of {@value #BACKEND} that the MCP server handles (the client's model judges). */
  static final String SAMPLING = "sampling";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  static final String WHAT_TO_SET =
      "Set one of:\n"
          + "  - OpenAI: " + OPENAI_API_KEY + " (model: " + MODEL + ", default " + OpenAiBackend.DEFAULT_MODEL + ")\n"
          + "  - an OpenAI-compatible server (LiteLLM, vLLM, LM Studio, OpenRouter, Ollama /v1): " + OPENAI_BASE_URL + " and " + MODEL
          + " (and " + OPENAI_API_KEY + " if the server needs a key)\n"
          + "  - Anthropic: " + ANTHROPIC_API_KEY + " (model: " + MODEL + ", default " + AnthropicBackend.DEFAULT_MODEL + ")\n"
          + "  - Ollama: " + OLLAMA_HOST + " (e.g. localhost:11434) or " + BACKEND + "=ollama (model: " + MODEL + ", default "
          + OllamaBackend.DEFAULT_MODEL + ")\n"
          + "  - AWS Bedrock: " + BACKEND + "=bedrock, " + AWS_REGION + " and " + MODEL + " (credentials from " + AWS_PROFILE
          + " or the default AWS chain)\n"
          + "or set " + BACKEND + " to openai, anthropic, ollama or bedrock.";

  private EnvironmentConfig() {}

  /** Returns whether the environment selects a backend this module can create. */
  static boolean isConfigured(Map<String, String> env) {
    String backend = get(env, BACKEND);
    if (backend != null) {
      return !backend.equalsIgnoreCase(SAMPLING);
    }
    return infer(env) != null;
  }

  static BackendConfig read(Map<String, String> env, @Nullable BackendKind explicit) {
    if (env == null) {
      throw new BackendConfigurationException("the environment map must not be null");
    }
    BackendKind kind = explicit != null ? explicit : selected(env);
    return switch (kind) {
      case OPENAI -> openAi(env);
      case ANTHROPIC -> anthropic(env);
      case OLLAMA -> ollama(env);
      case BEDROCK -> bedrock(env);
    };
  }

  private static BackendKind selected(Map<String, String> env) {
    String backend = get(env, BACKEND);
    if (backend != null) {
      if (backend.equalsIgnoreCase(SAMPLING)) {
        throw new BackendConfigurationException(
            BACKEND + "=sampling lets the MCP client's own model judge; only the MCP server offers it. To call a model directly, set "
                + BACKEND + " to openai, anthropic, ollama or bedrock.");
      }
      try {
        return BackendKind.parse(backend);
      } catch (BackendConfigurationException e) {
        throw new BackendConfigurationException(BACKEND + ": " + e.getMessage());
      }
    }
    BackendKind inferred = infer(env);
    if (inferred == null) {
      throw new BackendConfigurationException("No LLM backend is configured. " + WHAT_TO_SET);
    }
    return inferred;
  }

  private static @Nullable BackendKind infer(Map<String, String> env) {
    if (get(env, OPENAI_API_KEY) != null || get(env, OPENAI_BASE_URL) != null) {
      return BackendKind.OPENAI;
    }
    if (get(env, ANTHROPIC_API_KEY) != null) {
      return BackendKind.ANTHROPIC;
    }
    if (get(env, OLLAMA_HOST) != null) {
      return BackendKind.OLLAMA;
    }
    return null;
  }

  private static BackendConfig openAi(Map<String, String> env) {
    BackendConfig.Builder b = BackendConfig.builder(BackendKind.OPENAI);
    String baseUrl = url(env, OPENAI_BASE_URL);
    String key = get(env, OPENAI_API_KEY);
    boolean official = isDefaultOrHost(baseUrl, "api.openai.com");
    if (key == null && official) {
      throw new BackendConfigurationException(
          OPENAI_API_KEY + " is not set: the openai backend needs it for " + OpenAiBackend.DEFAULT_BASE_URL + ". Set " + OPENAI_API_KEY
              + ", or set " + OPENAI_BASE_URL + " to an OpenAI-compatible server that needs no key (e.g. http://localhost:8000/v1).");
    }
    String model = get(env, MODEL);
    if (model == null && !official) {
      throw new BackendConfigurationException(
          MODEL + " is not set: " + OPENAI_BASE_URL + " points to " + baseUrl + ", which is not api.openai.com, so name the model"
              + " to use (one of the ids that " + baseUrl + "/models lists).");
    }
    Backends.setIfPresent(baseUrl, b::baseUrl);
    Backends.setIfPresent(key, k -> b.apiKey(secret(k, OPENAI_API_KEY)));
    Backends.setIfPresent(model, b::model);
    Backends.setIfPresent(get(env, OPENAI_ORG_ID), b::organization);
    Backends.setIfPresent(get(env, OPENAI_PROJECT_ID), b::project);
    return b.build();
  }

  private static BackendConfig anthropic(Map<String, String> env) {
    BackendConfig.Builder b = BackendConfig.builder(BackendKind.ANTHROPIC);
    String baseUrl = url(env, ANTHROPIC_BASE_URL);
    String key = get(env, ANTHROPIC_API_KEY);
    boolean official = isDefaultOrHost(baseUrl, "api.anthropic.com");
    if (key == null && official) {
      throw new BackendConfigurationException(
          ANTHROPIC_API_KEY + " is not set: the anthropic backend needs an API key (from console.anthropic.com). Set "
              + ANTHROPIC_API_KEY + ".");
    }
    Backends.setIfPresent(baseUrl, b::baseUrl);
    Backends.setIfPresent(key, k -> b.apiKey(secret(k, ANTHROPIC_API_KEY)));
    Backends.setIfPresent(get(env, MODEL), b::model);
    return b.build();
  }

  private static BackendConfig ollama(Map<String, String> env) {
    BackendConfig.Builder b = BackendConfig.builder(BackendKind.OLLAMA);
    String host = get(env, OLLAMA_HOST);
    if (host != null) {
      try {
        b.baseUrl(OllamaBackend.baseUrlFromHost(host));
      } catch (IllegalArgumentException e) {
        throw new BackendConfigurationException(
            OLLAMA_HOST + " must be host, host:port or http(s)://host[:port] (e.g. localhost:11434) but was '" + host + "'");
      }
    }
    Backends.setIfPresent(get(env, MODEL), b::model);
    return b.build();
  }

  private static BackendConfig bedrock(Map<String, String> env) {
    BackendConfig.Builder b = BackendConfig.builder(BackendKind.BEDROCK);
    String regionVar = get(env, AWS_REGION) != null ? AWS_REGION : AWS_DEFAULT_REGION;
    String region = get(env, regionVar);
    if (region == null) {
      throw new BackendConfigurationException(
          AWS_REGION + " is not set: the bedrock backend needs the AWS region to call, e.g. " + AWS_REGION + "=us-east-1 ("
              + AWS_DEFAULT_REGION + " works too).");
    }
    if (!REGION.matcher(region).matches()) {
      throw new BackendConfigurationException(regionVar + " must be an AWS region such as us-east-1 but was '" + region + "'");
    }
    String model = get(env, MODEL);
    if (model == null) {
      throw new BackendConfigurationException(
          MODEL + " is not set: the bedrock backend needs a model id or inference profile, e.g. " + MODEL
              + "=us.anthropic.claude-sonnet-4-5-20250929-v1:0 or amazon.nova-lite-v1:0.");
    }
    b.region(region).model(model);
    Backends.setIfPresent(get(env, AWS_PROFILE), b::profile);
    Backends.setIfPresent(url(env, AWS_ENDPOINT_URL_BEDROCK_RUNTIME), b::baseUrl);
    return b.build();
  }

  /** Whether a base URL (already checked by {@link #url}) is unset, so the provider's default, or on the given host. */
  private static boolean isDefaultOrHost(@Nullable String baseUrl, String host) {
    return baseUrl == null || BaseUrl.parse(baseUrl, "baseUrl").host().equalsIgnoreCase(host);
  }

  private static @Nullable String get(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static @Nullable String url(Map<String, String> env, String name) {
    String value = get(env, name);
    if (value == null) {
      return null;
    }
    try {
      return BaseUrl.parse(value, name).toString();
    } catch (IllegalArgumentException e) {
      throw new BackendConfigurationException(e.getMessage());
    }
  }

  private static String secret(String value, String name) {
    try {
      return dev.decisionmatrix.backends.internal.Require.secret(value, name);
    } catch (IllegalArgumentException e) {
      throw new BackendConfigurationException(e.getMessage());
    }
  }
}
