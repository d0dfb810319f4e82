package dev.decisionmatrix.backends;

import java.util.Locale;

/** The kinds of LLM backend this module provides. */
public enum BackendKind {
  /**
   * The OpenAI chat completions API and compatible servers: OpenAI, LiteLLM, vLLM, LM Studio,
   * OpenRouter, Ollama's {@code /v1}.
   */
  OPENAI,
  /** The Anthropic Messages API. */
  ANTHROPIC,
  /** Ollama's native chat API. */
  OLLAMA,
  /** AWS Bedrock's Converse API (needs the optional AWS SDK dependency). */
  BEDROCK;

  /**
   * Parses a backend name, case-insensitively, with aliases: {@code openai}, {@code
   * openai-compatible}, {@code litellm}, {@code vllm}, {@code lmstudio}, {@code openrouter} for
   * {@link #OPENAI}; {@code anthropic}, {@code claude} for {@link #ANTHROPIC}; {@code ollama};
   * {@code bedrock}, {@code aws} for {@link #BEDROCK}. Underscores and spaces count as hyphens.
   *
   * @param name the name
   * @return the kind
   * @throws BackendConfigurationException if the name is blank or unknown; the message lists the
   *     accepted names
   */
  public static BackendKind parse(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (n) {
      case "openai", "openai-compatible", "openai-compat", "litellm", "vllm", "lmstudio", "lm-studio", "openrouter" -> OPENAI;
      case "anthropic", "claude" -> ANTHROPIC;
      case "ollama" -> OLLAMA;
      case "bedrock", "aws", "aws-bedrock" -> BEDROCK;
      default ->
          throw new BackendConfigurationException(
              "unknown backend '" + (name == null ? "" : name.strip())
                  + "'; use one of openai (aliases openai-compatible, litellm, vllm, lmstudio, openrouter),"
                  + " anthropic (claude), ollama, bedrock (aws)");
    };
  }

  /**
   * Returns the lower-case name; {@link #parse(String)} reads it back.
   *
   * @return the name, e.g. {@code openai}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
