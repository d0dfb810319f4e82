package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.LlmBackend;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the provider backends (openai, anthropic, ollama, bedrock, ...) the environment
 * configures. The server's implementation reads environment variables through decision-backends;
 * tests pass backends of their own.
 */
public interface BackendFactory {

  /**
   * Returns the provider names the environment configures, in lower case.
   *
   * @return the configured names, possibly empty
   */
  Set<String> configured();

  /**
   * Returns the provider to use when neither a session nor the server names one and the client
   * offers no sampling.
   *
   * @return the provider's name, or empty if the environment configures none
   */
  Optional<String> environmentDefault();

  /**
   * Creates a configured provider's backend. Called at most once per name.
   *
   * @param name a name from {@link #configured()}
   * @return the backend
   * @throws RuntimeException with a message that says what is missing or wrong
   */
  LlmBackend create(String name);

  /**
   * Says how to configure a provider, e.g. "set OPENAI_API_KEY (and OPENAI_BASE_URL for a
   * compatible endpoint)".
   *
   * @param name the provider's name
   * @return one sentence, never containing secrets
   */
  String howToConfigure(String name);
}
