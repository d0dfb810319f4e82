package dev.decisionmatrix.backends;

import dev.decisionmatrix.backends.bedrock.BedrockBackend;
import dev.decisionmatrix.llm.LlmBackend;

/**
 * Creates a {@link BedrockBackend} from a configuration. The only class outside the bedrock package
 * that names AWS SDK types (through {@link BedrockBackend}); {@link Backends} loads it only after it
 * found the SDK, so the rest of this module works without the optional dependency.
 */
final class BedrockSupport {

  private BedrockSupport() {}

  static LlmBackend create(BackendConfig config) {
    BedrockBackend.Builder b = BedrockBackend.builder();
    Backends.setIfPresent(config.region(), b::region);
    Backends.setIfPresent(config.model(), b::model);
    Backends.setIfPresent(config.profile(), b::profile);
    Backends.setIfPresent(config.baseUrl(), b::endpointOverride);
    Backends.setIfPresent(config.structuredOutput(), b::structuredOutput);
    Backends.setIfPresent(config.connectTimeout(), b::connectTimeout);
    Backends.setIfPresent(config.requestTimeout(), b::requestTimeout);
    return b.build();
  }
}
