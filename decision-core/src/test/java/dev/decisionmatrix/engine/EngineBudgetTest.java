package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.cost.EvaluationCost;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.model.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Budgets under concurrency: calls held by the test and released in an order drawn from a seed,
 * some failing transiently so retries count too. Whatever the order, the evaluation makes no more
 * calls than its budget, keeps every answer it paid for, and leaves the rest missing, never failed.
 */
class EngineBudgetTest {

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.range(0, 50);
  }

  /** A backend whose calls wait until the test releases them. */
  static final class Held implements LlmBackend {
    record Call(ChatRequest request, CompletableFuture<Boolean> release) {}

    final LinkedBlockingQueue<Call> waiting = new LinkedBlockingQueue<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ChatResponse chat(ChatRequest request) {
      calls.incrementAndGet();
      Call call = new Call(request, new CompletableFuture<>());
      waiting.add(call);
      boolean succeed;
      try {
        succeed = call.release.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
      if (!succeed) {
        throw new LlmException(LlmErrorKind.TRANSIENT, "flaky");
      }
      return Fixtures.answer(request);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aCallBudgetIsNeverPassedWhateverTheOrderCallsEndIn(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int maxCalls = 1 + random.nextInt(30);
    Held backend = new Held();
    Decision decision = Fixtures.decision(6, 6);
    RetryPolicy patient = RetryPolicy.defaults().withMaxAttempts(12).withBackoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(3));
    try (DecisionEngine engine = Fixtures.engine(backend).retryPolicy(patient).maxConcurrency(1 + random.nextInt(8)).build()) {
      RunningEvaluation running = engine.start(decision, null, EvaluationOptions.builder().budget(Budget.calls(maxCalls)).build());
      List<Held.Call> held = new ArrayList<>();
      while (!running.result().isDone()) {
        Held.Call next = backend.waiting.poll(20, TimeUnit.MILLISECONDS);
        if (next != null) {
          held.add(next);
          backend.waiting.drainTo(held);
        }
        if (!held.isEmpty()) {
          Held.Call chosen = held.remove(random.nextInt(held.size()));
          chosen.release.complete(random.nextInt(5) != 0);
        }
      }
      Evaluation evaluation = running.result().get(1, TimeUnit.MINUTES);

      int scored = evaluation.counts().scored();
      assertThat(backend.calls.get()).as("calls made, seed %d", seed).isLessThanOrEqualTo(maxCalls);
      assertThat(evaluation.stats().calls()).isEqualTo(backend.calls.get());
      assertThat(evaluation.counts().failed()).as("no cell is failed for the budget").isZero();
      assertThat(scored + evaluation.counts().missing()).isEqualTo(36);
      EvaluationCost cost = evaluation.stats().cost();
      if (scored < 36) {
        assertThat(cost.budgetStop()).contains("budget of " + maxCalls + " call").contains((36 - scored) + " cell(s) were left unjudged");
      } else {
        assertThat(cost.stoppedByBudget()).isFalse();
      }
      assertThat(engine.callsInFlight()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aCostBudgetIsNeverPassedByCallsRunningAtOnce(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    // Fixtures answer with 100 input and 20 output tokens: at 10/50 dollars per million that is
    // 0.002 a call, which is also the estimate once one call has been seen.
    PriceTable prices = PriceTable.empty().with(null, "*", dev.decisionmatrix.cost.Price.parse("10/50"));
    Held backend = new Held();
    try (DecisionEngine engine = Fixtures.engine(backend).prices(prices).maxConcurrency(1 + random.nextInt(8)).build()) {
      // Teach the engine the usage of a call first, so the estimate is exact.
      CompletableFuture<Evaluation> warm = engine.start(Fixtures.decision(1, 1), null, null).result();
      backend.waiting.take().release.complete(true);
      warm.get(1, TimeUnit.MINUTES);
      int affordable = 1 + random.nextInt(20);
      double maxCost = 0.002 * affordable + 0.001;

      RunningEvaluation running = engine.start(Fixtures.decision(5, 5), null, EvaluationOptions.builder().budget(Budget.dollars(maxCost)).build());
      List<Held.Call> held = new ArrayList<>();
      while (!running.result().isDone()) {
        Held.Call next = backend.waiting.poll(20, TimeUnit.MILLISECONDS);
        if (next != null) {
          held.add(next);
          backend.waiting.drainTo(held);
        }
        if (!held.isEmpty()) {
          held.remove(random.nextInt(held.size())).release.complete(true);
        }
      }
      Evaluation evaluation = running.result().get(1, TimeUnit.MINUTES);

      assertThat(evaluation.stats().cost().spent().usd()).as("spent, seed %d", seed).isLessThanOrEqualTo(maxCost);
      assertThat(backend.calls.get()).isEqualTo(1 + affordable);
      assertThat(evaluation.counts().scored()).as("the cell judged while warming up, and one per affordable call").isEqualTo(1 + affordable);
      assertThat(evaluation.counts().failed()).isZero();
    }
  }

  @org.junit.jupiter.api.Test
  void eachEvaluationReportsWhatItSpentPerModelAndWhatCacheHitsSaved() {
    PriceTable prices = PriceTable.empty().with(null, "fake-model", dev.decisionmatrix.cost.Price.parse("1/2"));
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).model("fake-model").prices(prices).build()) {
      Decision decision = Fixtures.decision(3, 2);

      EvaluationCost first = engine.evaluate(decision).stats().cost();
      EvaluationCost again = engine.evaluate(decision, null, EvaluationOptions.defaults()).stats().cost();

      // six calls of 100 input and 20 output tokens at 1 and 2 dollars per million
      assertThat(first.spent().usd()).isEqualTo(6 * (100 * 1 + 20 * 2) / 1e6, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(first.byModel()).singleElement().satisfies(m -> {
        assertThat(m.model()).isEqualTo("fake-model");
        assertThat(m.calls()).isEqualTo(6);
        assertThat(m.usage().inputTokens()).isEqualTo(600);
      });
      assertThat(first.saved()).isEqualTo(dev.decisionmatrix.cost.Cost.ZERO);
      assertThat(again.spent()).isEqualTo(dev.decisionmatrix.cost.Cost.ZERO);
      assertThat(again.saved().usd()).as("six hits at the average usage seen").isEqualTo(first.spent().usd(), org.assertj.core.api.Assertions.within(1e-12));
    }
  }

  @org.junit.jupiter.api.Test
  void aModelWithoutAPriceCostsAnUnknownAmountAndCannotTakeACostBudget() {
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).model("homegrown").build()) {
      EvaluationCost cost = engine.evaluate(Fixtures.decision(1, 2)).stats().cost();

      assertThat(cost.spent().isKnown()).isFalse();
      assertThat(cost.spent().describe()).isEqualTo("unknown price (custom/homegrown)");
      assertThatThrownBy(() -> engine.evaluate(Fixtures.decision(2, 2), null, EvaluationOptions.builder().budget(Budget.dollars(1)).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("custom/homegrown has none")
          .hasMessageContaining("DECISION_MATRIX_PRICES");
    }
  }

  @org.junit.jupiter.api.Test
  void anEstimateCountsCacheHitsAsFreeAndCallsNoModel() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend counting = request -> {
      calls.incrementAndGet();
      return Fixtures.answer(request);
    };
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Decision decision = Fixtures.decision(4, 3);
      engine.evaluate(decision.withoutOption("Option 3"));
      int made = calls.get();

      CostEstimate estimate = engine.estimate(decision, null, EvaluationOptions.builder().samples(2).build());

      assertThat(calls.get()).as("no call for an estimate").isEqualTo(made);
      assertThat(estimate.cells()).isEqualTo(12);
      assertThat(estimate.cacheHits()).as("the first sample of nine judged cells").isEqualTo(9);
      assertThat(estimate.calls()).isEqualTo(24 - 9);
      assertThat(estimate.tokens().inputTokens()).as("the average input seen, per call").isEqualTo(15 * 100);
      assertThat(estimate.summary()).startsWith("15 calls (9 cache hits free), about 1,800 tokens, unknown price");
    }
  }
}
