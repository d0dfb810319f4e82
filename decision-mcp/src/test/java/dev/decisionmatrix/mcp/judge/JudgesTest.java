package dev.decisionmatrix.mcp.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.FakeSampling;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.SessionSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which judge is chosen, and the errors when none can be. */
class JudgesTest {

  private static final Decision DECISION = Decision.builder("T").option("A").option("B").criterion("C").build();

  @Test
  void theServerDefaultMustBeConfigured() {
    assertThatThrownBy(() -> new Judges(FakeBackends.none(), "openai", null, 4))
        .isInstanceOf(JudgeUnavailableException.class)
        .hasMessageContaining("\"openai\" is not configured")
        .satisfies(e -> assertThat(((JudgeUnavailableException) e).hint()).contains("OPENAI_API_KEY"));
  }

  @Test
  void automaticChoosesSamplingThenTheEnvironment() {
    try (Judges judges = new Judges(new FakeBackends(Map.of("anthropic", new CountingBackend("anthropic")), "anthropic"), null, "env-model", 4)) {
      assertThat(judges.defaultName(true)).isEqualTo("sampling");
      assertThat(judges.defaultName(false)).isEqualTo("anthropic");
      {
        JudgePlan plan = judges.plan(DECISION, SessionSettings.DEFAULTS, null);
        assertThat(plan.backend().id()).isEqualTo("anthropic");
        assertThat(plan.model()).isEqualTo("env-model");
      }
      try (SamplingBackend.Attachment sampling = judges.attach(new FakeSampling())) {
        JudgePlan plan = judges.plan(DECISION, SessionSettings.DEFAULTS, sampling.backend());
        assertThat(plan.backend()).isSameAs(sampling.backend());
        assertThat(plan.backend().id()).startsWith("sampling:");
        assertThat(plan.callerBackends()).containsEntry("sampling", sampling.backend());
      }
    }
  }

  @Test
  void theSessionChoiceAndModelBeatTheServerDefault() {
    try (Judges judges = new Judges(new FakeBackends(Map.of("anthropic", new CountingBackend("anthropic"), "ollama", new CountingBackend("ollama")),
        "anthropic"), "anthropic", "server-model", 4)) {
      {
        JudgePlan plan = judges.plan(DECISION, new SessionSettings("Ollama", null, 0.5), judges.attach(new FakeSampling()).backend());
        assertThat(plan.backend().id()).isEqualTo("ollama");
        assertThat(plan.model()).isNull();
        assertThat(plan.temperature()).isEqualTo(0.5);
      }
      {
        JudgePlan plan = judges.plan(DECISION, new SessionSettings(null, "own-model", null), null);
        assertThat(plan.model()).isEqualTo("own-model");
      }
    }
  }

  @Test
  void withoutSamplingOrBackendsTheErrorSaysHowToConfigureOne() {
    try (Judges judges = new Judges(FakeBackends.none(), null, null, 4)) {
      assertThatThrownBy(() -> judges.plan(DECISION, SessionSettings.DEFAULTS, null))
          .isInstanceOfSatisfying(JudgeUnavailableException.class, e -> assertThat(e.hint())
              .contains("sampling", "DECISION_MATRIX_BACKEND", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OLLAMA_HOST", "AWS_REGION", "set_score"));
      assertThat(judges.describeDefault(false)).startsWith("none available");
      assertThatThrownBy(() -> judges.engineDefault().chat(null)).hasMessageContaining("no LLM backend is configured");
    }
  }

  @Test
  void samplingAsServerDefaultNeedsAClientWithSampling() {
    try (Judges judges = new Judges(FakeBackends.none(), "sampling", null, 4)) {
      assertThatThrownBy(() -> judges.defaultName(false)).hasMessageContaining("DECISION_MATRIX_BACKEND=sampling");
      assertThat(judges.defaultName(true)).isEqualTo("sampling");
    }
  }

  @Test
  void aBackendThatCannotBeCreatedFailsItsCallsWithTheReason() {
    BackendFactory failing = new FakeBackends(Map.of("bedrock", new CountingBackend("bedrock")), null) {
      @Override
      public dev.decisionmatrix.llm.LlmBackend create(String name) {
        throw new IllegalStateException("AWS_REGION is not set");
      }
    };
    try (Judges judges = new Judges(failing, null, null, 4)) {
      {
        JudgePlan plan = judges.plan(DECISION, new SessionSettings("bedrock", null, null), null);
        assertThatThrownBy(() -> plan.backend().chat(null)).hasMessageContaining("AWS_REGION is not set");
        assertThat(plan.backend().testConnection().ok()).isFalse();
      }
    }
  }

  @Test
  void namesAndAliasesAreNormalised() {
    assertThat(BackendNames.normalize(" LiteLLM ")).isEqualTo("openai");
    assertThat(BackendNames.normalize("claude")).isEqualTo("anthropic");
    assertThat(BackendNames.normalize("AWS")).isEqualTo("bedrock");
    assertThat(BackendNames.isKnown("vllm")).isTrue();
    assertThat(BackendNames.isKnown("watson")).isFalse();
    assertThat(BackendNames.all()).containsExactly("sampling", "openai", "anthropic", "ollama", "bedrock");
  }
}
