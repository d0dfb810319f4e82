package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.RetryPolicy;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.FaultScript;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Overflow;
import dev.decisionmatrix.testkit.SimStats;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine judging whole decisions through each backend, against a simulator that misbehaves. */
class EngineOverBackendsTest {

  private static Decision decision(int options, int criteria) {
    Decision.Builder b = Decision.builder("Which message broker should we run?");
    for (int o = 0; o < options; o++) {
      b.option("Option " + (char) ('A' + o));
    }
    for (int c = 0; c < criteria; c++) {
      b.criterion("Criterion " + (c + 1));
    }
    return b.build();
  }

  private static LlmSimulator.Builder simulator(Provider provider) {
    LlmSimulator.Builder b = LlmSimulator.builder();
    if (provider.requiredKey() != null) {
      b.requireApiKey(provider.requiredKey());
    }
    return b;
  }

  private static void assertEveryCellHasTheSimulatorsScore(Evaluation evaluation) {
    Decision d = evaluation.decision();
    for (int o = 0; o < d.options().size(); o++) {
      for (int c = 0; c < d.criteria().size(); c++) {
        String option = d.options().get(o).name();
        String criterion = d.criteria().get(c).name();
        assertThat(evaluation.judgment(o, c))
            .as("%s x %s", option, criterion)
            .isInstanceOfSatisfying(
                Judgment.Scored.class, s -> assertThat(s.score()).isEqualTo(LlmSimulator.expectedScore(option, criterion)));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionResetsAreRetriedByTheEngine(Provider provider) {
    try (LlmSimulator sim = simulator(provider).faults(FaultScript.sequence(Fault.connectionReset(), Fault.connectionReset())).start()) {
      LlmBackend backend = provider.backend(sim);
      RetryPolicy fastRetries = RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
      try (DecisionEngine engine = DecisionEngine.builder(backend).retryPolicy(fastRetries).build()) {

        Evaluation evaluation = engine.evaluate(decision(2, 3));

        assertThat(evaluation.counts().scored()).isEqualTo(6);
        assertThat(evaluation.stats().retries()).isPositive();
        assertThat(sim.stats().faultCount(Fault.connectionReset())).isEqualTo(2);
        assertEveryCellHasTheSimulatorsScore(evaluation);
      } finally {
        Provider.close(backend);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aTenByEightDecisionIsFullyScoredThroughARateLimitingProvider(Provider provider) {
    try (LlmSimulator sim =
        simulator(provider)
            .latency(Duration.ofMillis(15))
            .capacity(16, Overflow.REJECT)
            .retryAfter(Duration.ofMillis(50))
            .start()) {
      LlmBackend backend = provider.backend(sim);
      RetryPolicy retries = RetryPolicy.defaults().withMaxAttempts(10).withBackoff(Duration.ofMillis(1), Duration.ofMillis(20));
      try (DecisionEngine engine = DecisionEngine.builder(backend).maxConcurrency(32).retryPolicy(retries).build()) {

        Evaluation evaluation = engine.evaluate(decision(10, 8));

        SimStats stats = sim.stats();
        assertThat(evaluation.counts().scored()).as("%s; sim %s", evaluation.counts(), stats).isEqualTo(80);
        assertThat(stats.maxInFlight()).isPositive().isLessThanOrEqualTo(32);
        // The simulator counts only requests holding one of its 16 slots; the engine counts every
        // call it had on the wire, rejected ones included.
        assertThat(engine.maxCallsInFlight()).as("calls in flight never above the engine's limit").isGreaterThan(16).isLessThanOrEqualTo(32);
        assertThat(stats.rateLimited()).as("the provider pushed back").isPositive();
        assertThat(evaluation.stats().usage().inputTokens()).isPositive();
        assertEveryCellHasTheSimulatorsScore(evaluation);
      } finally {
        Provider.close(backend);
      }
    }
  }
}
