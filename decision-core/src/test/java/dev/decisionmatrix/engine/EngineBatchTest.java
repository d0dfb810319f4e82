package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The batched judging mode: one call judges an option on several criteria, each cell on its own. */
class EngineBatchTest {

  /** A backend that records every request and answers with {@code answer}. */
  static final class Recording implements LlmBackend {
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    final Function<ChatRequest, ChatResponse> answer;

    Recording(Function<ChatRequest, ChatResponse> answer) {
      this.answer = answer;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    long batched() {
      return requests.stream().filter(BatchJudge::isBatch).count();
    }

    long single() {
      return requests.size() - batched();
    }
  }

  private static EvaluationOptions batched(int criteria) {
    return EvaluationOptions.builder().batchCriteria(criteria).build();
  }

  private static void assertEveryCellHasItsOwnScore(Decision d, Evaluation e) {
    for (int o = 0; o < d.options().size(); o++) {
      for (int c = 0; c < d.criteria().size(); c++) {
        BatchJudge.Asked asked = new BatchJudge.Asked(d.criteria().get(c).name(), d.criteria().get(c).rubric());
        double expected = BatchJudge.score(d.options().get(o).name(), asked);
        assertThat(e.judgment(o, c)).as("cell %d,%d", o, c)
            .isInstanceOfSatisfying(Judgment.Scored.class, s -> assertThat(s.score()).isEqualTo(expected));
      }
    }
  }

  @Test
  void aBatchedEvaluationJudgesEachOptionOnAllItsCriteriaInOneCall() {
    Recording backend = new Recording(BatchJudge::answer);
    Decision d = Fixtures.decision(5, 4);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(4));

      assertThat(backend.requests).hasSize(5).allSatisfy(r -> assertThat(BatchJudge.asked(r)).hasSize(4));
      assertThat(e.stats().calls()).isEqualTo(5);
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void aBatchedCallAsksAtMostBatchCriteriaCriteria() {
    Recording backend = new Recording(BatchJudge::answer);
    Decision d = Fixtures.decision(2, 7);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(3));

      assertThat(backend.requests).hasSize(2 * 3).allSatisfy(r -> assertThat(BatchJudge.asked(r).size()).isBetween(1, 3));
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void entriesAreMatchedToCriteriaByTheirNumberNotTheirOrder() {
    Recording backend = new Recording(r -> {
      List<BatchJudge.Asked> asked = BatchJudge.asked(r);
      List<String> entries = new ArrayList<>();
      for (int i = asked.size() - 1; i >= 0; i--) {
        entries.add(BatchJudge.entry(i + 1, BatchJudge.score(BatchJudge.option(r), asked.get(i))));
      }
      return new ChatResponse("[" + String.join(",", entries) + "]", TokenUsage.ZERO, "fake");
    });
    Decision d = Fixtures.decision(3, 5);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(5));

      assertThat(backend.requests).hasSize(3);
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void eachCellOfABatchedAnswerIsCachedOnItsOwn() {
    Recording backend = new Recording(BatchJudge::answer);
    Decision d = Fixtures.decision(3, 4);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      engine.evaluate(d, null, batched(4));
      int paid = backend.requests.size();

      // A decision with only some of the criteria asks nothing: every cell was stored on its own.
      Decision fewer = d.withoutCriterion(d.criteria().get(1).name()).withoutCriterion(d.criteria().get(3).name());
      Evaluation again = engine.evaluate(fewer, null, batched(4));

      assertThat(backend.requests).hasSize(paid);
      assertThat(again.stats().calls()).isZero();
      assertThat(again.stats().cacheHits()).isEqualTo(3 * 2);
      assertEveryCellHasItsOwnScore(fewer, again);
    }
  }

  @Test
  void oneCellJudgmentsServeALaterBatchedEvaluation() {
    Recording backend = new Recording(BatchJudge::answer);
    Decision d = Fixtures.decision(3, 3);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      engine.evaluate(d);
      int paid = backend.requests.size();

      Evaluation e = engine.evaluate(d, null, batched(3));

      assertThat(backend.requests).hasSize(paid);
      assertThat(e.stats().calls()).isZero();
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void aCellTheBatchedAnswerLeavesOutIsAskedAgainOnItsOwn() {
    Recording backend = new Recording(r -> BatchJudge.answer(r,
        (number, asked, right) -> asked.criterion().equals("Criterion 2") ? null : BatchJudge.entry(number, right)));
    Decision d = Fixtures.decision(4, 4);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(4));

      assertThat(backend.batched()).isEqualTo(4);
      assertThat(backend.single()).as("one call per option for the cell left out").isEqualTo(4);
      assertThat(backend.requests.stream().filter(r -> !BatchJudge.isBatch(r)))
          .allSatisfy(r -> assertThat(BatchJudge.asked(r).getFirst().criterion()).isEqualTo("Criterion 2"));
      assertThat(e.stats().reasks()).isEqualTo(4);
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void anInvalidEntryIsAskedAgainOnItsOwnAndTheValidOnesAreKept() {
    Recording backend = new Recording(r -> BatchJudge.answer(r, (number, asked, right) -> BatchJudge.entry(number, number == 1 ? 14 : right)));
    Decision d = Fixtures.decision(3, 5);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(5));

      assertThat(backend.batched()).isEqualTo(3);
      assertThat(backend.single()).isEqualTo(3);
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void anAnswerWithNoListOfJudgmentsAsksEveryCellOnItsOwn() {
    Recording backend = new Recording(r -> BatchJudge.isBatch(r)
        ? new ChatResponse("I would rather not use JSON today.", TokenUsage.ZERO, "fake")
        : BatchJudge.answer(r));
    Decision d = Fixtures.decision(2, 3);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(3));

      assertThat(backend.batched()).isEqualTo(2);
      assertThat(backend.single()).isEqualTo(2 * 3);
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void aBatchedCallThatFailsIsRetriedAndNoCellIsLost() {
    AtomicInteger calls = new AtomicInteger();
    Recording backend = new Recording(r -> {
      if (calls.incrementAndGet() <= 2) {
        throw new LlmException(LlmErrorKind.TRANSIENT, "simulated 503");
      }
      return BatchJudge.answer(r);
    });
    Decision d = Fixtures.decision(2, 4);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(4));

      assertThat(e.stats().retries()).isEqualTo(2);
      assertThat(backend.requests.stream().skip(2)).allSatisfy(r -> assertThat(BatchJudge.isBatch(r)).isTrue());
      assertThat(backend.requests).hasSize(2 + 2);
      assertEveryCellHasItsOwnScore(d, e);
    }
  }

  @Test
  void aCallThatFailsForGoodFailsEveryCellItAskedWithItsReason() {
    Recording backend = new Recording(r -> {
      throw new LlmException(LlmErrorKind.AUTHENTICATION, "simulated 401: bad key");
    });
    Decision d = Fixtures.decision(2, 3);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      Evaluation e = engine.evaluate(d, null, batched(3));

      assertThat(e.counts().failed()).isEqualTo(6);
      for (int o = 0; o < 2; o++) {
        for (int c = 0; c < 3; c++) {
          assertThat(e.judgment(o, c)).isInstanceOfSatisfying(Judgment.Failed.class, f -> assertThat(f.kind()).isEqualTo(LlmErrorKind.AUTHENTICATION));
        }
      }
    }
  }

  @Test
  void twoEvaluationsOfOneDecisionAtOnceShareTheBatchedCalls() throws Exception {
    CountDownLatch twoStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recording backend = new Recording(r -> {
      twoStarted.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return BatchJudge.answer(r);
    });
    Decision d = Fixtures.decision(3, 4);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      RunningEvaluation first = engine.start(d, null, batched(4));
      assertThat(twoStarted.await(30, TimeUnit.SECONDS)).isTrue();
      RunningEvaluation second = engine.start(d, null, batched(4));
      release.countDown();

      Evaluation a = first.result().get(30, TimeUnit.SECONDS);
      Evaluation b = second.result().get(30, TimeUnit.SECONDS);

      assertThat(backend.requests).hasSize(3);
      assertEveryCellHasItsOwnScore(d, a);
      assertEveryCellHasItsOwnScore(d, b);
    }
  }

  @Test
  void cancellingABatchedEvaluationInterruptsItsCallAndFailsItsCellsAsCancelled() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Recording backend = new Recording(r -> {
      inCall.countDown();
      try {
        new CountDownLatch(1).await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return BatchJudge.answer(r);
    });
    Decision d = Fixtures.decision(1, 4);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      RunningEvaluation run = engine.start(d, null, batched(4));
      assertThat(inCall.await(30, TimeUnit.SECONDS)).isTrue();

      run.cancel();

      Evaluation e = run.result().get(30, TimeUnit.SECONDS);
      assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the batched call was interrupted").isTrue();
      assertThat(e.stats().cancelled()).isTrue();
      assertThat(e.counts().failed()).isEqualTo(4);
      assertThat(backend.requests).hasSize(1);
    }
  }

  @Test
  void theEstimateCountsOneCallPerBatch() {
    Recording backend = new Recording(BatchJudge::answer);
    Decision d = Fixtures.decision(6, 7);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {

      CostEstimate batchedEstimate = engine.estimate(d, null, batched(4));
      CostEstimate oneCell = engine.estimate(d, null, null);

      assertThat(batchedEstimate.calls()).isEqualTo(6 * 2);
      assertThat(oneCell.calls()).isEqualTo(6 * 7);
      assertThat(batchedEstimate.tokens().inputTokens()).as("the shared prompt is paid once per call").isLessThan(oneCell.tokens().inputTokens());
      assertThat(backend.requests).isEmpty();
    }
  }

  @Test
  void aCallBudgetStopsABatchedEvaluationAfterThatManyCalls() {
    Recording backend = new Recording(BatchJudge::answer);
    Decision d = Fixtures.decision(5, 3);
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(1).build()) {

      Evaluation e = engine.evaluate(d, null, EvaluationOptions.builder().batchCriteria(3).budget(Budget.calls(2)).build());

      assertThat(backend.requests).hasSize(2);
      assertThat(e.counts().scored()).isEqualTo(2 * 3);
      assertThat(e.counts().missing()).isEqualTo(3 * 3);
    }
  }

  @Test
  void batchCriteriaOutOfRangeIsRefusedWithTheRange() {
    assertThatThrownBy(() -> EvaluationOptions.builder().batchCriteria(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1").hasMessageContaining("50");
    assertThatThrownBy(() -> EvaluationOptions.builder().batchCriteria(51))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 51");
  }
}
