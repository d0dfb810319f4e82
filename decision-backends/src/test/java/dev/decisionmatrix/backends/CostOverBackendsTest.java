package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.cost.EvaluationCost;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.SimStats;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Costs, estimates and budgets through each backend, priced from the tokens each wire reports. */
class CostOverBackendsTest {

  private static Decision decision(int options) {
    Decision.Builder b = Decision.builder("Which CDN for the storefront?");
    for (int o = 0; o < options; o++) {
      b.option("CDN " + (char) ('A' + o));
    }
    return b.criterion("Latency in Europe", 3).criterion("Price per TB", 2).criterion("Support", 1).build();
  }

  private static LlmSimulator simulator(Provider provider) {
    LlmSimulator.Builder b = LlmSimulator.builder();
    if (provider.requiredKey() != null) {
      b.requireApiKey(provider.requiredKey());
    }
    return b.start();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void theCostIsTheReportedTokensAtTheModelsPrice(Provider provider) {
    try (LlmSimulator sim = simulator(provider)) {
      LlmBackend backend = provider.backend(sim);
      PriceTable prices = PriceTable.empty().with(null, provider.model, dev.decisionmatrix.cost.Price.parse("2/8"));
      try (DecisionEngine engine = DecisionEngine.builder(backend).model(provider.model).prices(prices).build()) {

        EvaluationCost cost = engine.evaluate(decision(2)).stats().cost();

        SimStats stats = sim.stats();
        assertThat(stats.inputTokens()).isPositive();
        assertThat(cost.spent().usd()).isEqualTo((stats.inputTokens() * 2.0 + stats.outputTokens() * 8.0) / 1e6, within(1e-12));
        assertThat(cost.spent().isKnown()).isTrue();
      } finally {
        Provider.close(backend);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void anEstimateAfterSomeCallsForeseesTheNextEvaluation(Provider provider) {
    try (LlmSimulator sim = simulator(provider)) {
      LlmBackend backend = provider.backend(sim);
      try (DecisionEngine engine = DecisionEngine.builder(backend).model(provider.model).build()) {
        Evaluation first = engine.evaluate(decision(2));
        Decision bigger = decision(6);
        long requests = sim.stats().requests();

        CostEstimate estimate = engine.estimate(bigger, first, EvaluationOptions.defaults());

        assertThat(sim.stats().requests()).as("an estimate calls no model").isEqualTo(requests);
        long inBefore = sim.stats().inputTokens();
        Evaluation second = engine.evaluate(bigger, first, EvaluationOptions.defaults());
        assertThat(estimate.calls()).isEqualTo(second.stats().calls()).isEqualTo(12);
        assertThat(estimate.tokens().inputTokens()).isCloseTo(sim.stats().inputTokens() - inBefore, Percentage.withPercentage(10));
      } finally {
        Provider.close(backend);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aCallBudgetStopsAtItsLimitOnEveryWire(Provider provider) {
    try (LlmSimulator sim = simulator(provider)) {
      LlmBackend backend = provider.backend(sim);
      try (DecisionEngine engine = DecisionEngine.builder(backend).model(provider.model).maxConcurrency(4).build()) {

        Evaluation evaluation = engine.evaluate(decision(4), null, EvaluationOptions.builder().budget(Budget.calls(5)).build());

        assertThat(sim.stats().requestCount(provider.protocol)).isEqualTo(5);
        assertThat(evaluation.counts().scored()).isEqualTo(5);
        assertThat(evaluation.counts().missing()).isEqualTo(7);
        assertThat(evaluation.stats().cost().stoppedByBudget()).isTrue();
      } finally {
        Provider.close(backend);
      }
    }
  }
}
