package dev.decisionmatrix.mcp.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.LlmBackend;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider backends from environment variables. */
class EnvironmentBackendsTest {

  @Test
  void detectsConfiguredProvidersAndTheDefault() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant-test");

    EnvironmentBackends backends = new EnvironmentBackends(env, null, null);

    assertThat(backends.configured()).contains("openai", "anthropic").doesNotContain("bedrock");
    assertThat(backends.environmentDefault()).contains("openai");
  }

  @Test
  void nothingConfiguredMeansNoDefault() {
    EnvironmentBackends backends = new EnvironmentBackends(Map.of(), null, null);

    assertThat(backends.environmentDefault()).isEmpty();
    assertThat(backends.configured()).doesNotContain("openai", "anthropic", "bedrock");
    assertThat(backends.howToConfigure("openai")).contains("OPENAI_API_KEY");
    assertThat(backends.howToConfigure("bedrock")).contains("AWS_REGION");
  }

  @Test
  void theModelSettingAppliesToTheDefaultProviderOnly() throws Exception {
    Map<String, String> env = Map.of(
        "DECISION_MATRIX_BACKEND", "anthropic", "DECISION_MATRIX_MODEL", "claude-x", "OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant");

    EnvironmentBackends backends = new EnvironmentBackends(env, "anthropic", null);
    LlmBackend anthropic = backends.create("anthropic");
    LlmBackend openai = backends.create("openai");

    assertThat(backends.environmentDefault()).contains("anthropic");
    assertThat(anthropic.defaultModel()).isEqualTo("claude-x");
    assertThat(openai.defaultModel()).isNotEqualTo("claude-x");
    ((AutoCloseable) anthropic).close();
    ((AutoCloseable) openai).close();
  }

  @Test
  void theModelFlagOverridesTheEnvironment() throws Exception {
    EnvironmentBackends backends = new EnvironmentBackends(Map.of("OPENAI_API_KEY", "sk-test", "DECISION_MATRIX_MODEL", "env"), null, "flag-model");

    LlmBackend openai = backends.create("openai");

    assertThat(openai.defaultModel()).isEqualTo("flag-model");
    ((AutoCloseable) openai).close();
  }

  @Test
  void samplingAsServerDefaultLeavesTheProvidersAsConfigured() {
    EnvironmentBackends backends = new EnvironmentBackends(Map.of("DECISION_MATRIX_BACKEND", "sampling", "OLLAMA_HOST", "localhost:11434"), "sampling", null);

    assertThat(backends.environmentDefault()).isEmpty();
    assertThat(backends.configured()).contains("ollama");
  }

  @Test
  void ollamaIsNotClaimedAsConfiguredWithoutOllamaHost() {
    EnvironmentBackends unset = new EnvironmentBackends(Map.of("OPENAI_API_KEY", "sk-test"), null, null);
    EnvironmentBackends chosen = new EnvironmentBackends(Map.of(), "ollama", null);

    assertThat(unset.configured()).contains("openai").doesNotContain("ollama");
    assertThat(chosen.configured()).contains("ollama");
  }
}
