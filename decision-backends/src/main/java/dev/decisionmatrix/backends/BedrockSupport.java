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
    if (config.region() != null) {
      b.region(config.region());
    }
    if (config.model() != null) {
      b.model(config.model());
    }
    if (config.profile() != null) {
      b.profile(config.profile());
    }
    if (config.baseUrl() != null) {
      b.endpointOverride(config.baseUrl());
    }
    if (config.structuredOutput() != null) {
      b.structuredOutput(config.structuredOutput());
    }
    if (config.connectTimeout() != null) {
      b.connectTimeout(config.connectTimeout());
    }
    if (config.requestTimeout() != null) {
      b.requestTimeout(config.requestTimeout());
    }
    return b.build();
  }
}
