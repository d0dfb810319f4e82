package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RateLimit;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine paces calls by the rate limits the provider announces: against a simulator that
 * allows 10 requests per 2 s (one every 200 ms once the first 10 are spent, slow enough that a
 * loaded test machine's scheduling jitter cannot bunch paced calls), a 4 x 5 evaluation (20 calls,
 * two windows) with room for 4
 * calls at once gets no 429 at all; with room for 16 at once the first burst, sent before any limit
 * was announced, can be refused, and once the limits are known no call is.
 */
class RatePacingTest {

  private static final RateLimit LIMIT = new RateLimit(10, 10_000_000, Duration.ofSeconds(2));

  private static Decision decision() {
    return decision("Which message broker?");
  }

  private static Decision decision(String topic) {
    Decision.Builder b = Decision.builder(topic);
    for (int o = 0; o < 4; o++) {
      b.option("Broker " + (char) ('A' + o));
    }
    for (int c = 0; c < 5; c++) {
      b.criterion("Criterion " + c, 1);
    }
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"OPENAI", "ANTHROPIC"})
  void callsStayInsideTheAnnouncedRequestBudget(Provider provider) {
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey(provider.requiredKey()).rateLimit(LIMIT).start()) {
      LlmBackend backend = provider.backend(sim);
      try (DecisionEngine engine = DecisionEngine.builder(backend).model(provider.model).maxConcurrency(4).build()) {
        Evaluation evaluation = engine.evaluate(decision());

        assertThat(evaluation.counts().scored()).isEqualTo(20);
        assertThat(sim.stats().statusCount(429)).as("429 answers").isZero();
      } finally {
        Provider.close(backend);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"OPENAI", "ANTHROPIC"})
  void onceTheLimitsAreAnnouncedNoCallIsRefused(Provider provider) {
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey(provider.requiredKey()).rateLimit(LIMIT).start()) {
      LlmBackend backend = provider.backend(sim);
      try (DecisionEngine engine = DecisionEngine.builder(backend).model(provider.model).maxConcurrency(16).build()) {
        Evaluation first = engine.evaluate(decision("Which message broker?"));
        long refusedInTheFirstBurst = sim.stats().statusCount(429);

        Evaluation second = engine.evaluate(decision("Which stream processor?"));

        assertThat(first.counts().scored()).isEqualTo(20);
        assertThat(second.counts().scored()).isEqualTo(20);
        assertThat(sim.stats().statusCount(429)).as("429 answers after the limits were known").isEqualTo(refusedInTheFirstBurst);
      } finally {
        Provider.close(backend);
      }
    }
  }
}
