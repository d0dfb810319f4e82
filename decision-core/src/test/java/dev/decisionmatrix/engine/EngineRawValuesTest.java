package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Measure;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine never asks a judge about a raw-valued criterion, whatever the scope. */
class EngineRawValuesTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final Set<String> askedCriteria = ConcurrentHashMap.newKeySet();
  private final LlmBackend counting = request -> {
    calls.incrementAndGet();
    askedCriteria.add(Fixtures.criterion(request));
    return Fixtures.answer(request);
  };

  private static Decision decision() {
    Decision.Builder b = Decision.builder("Which provider?");
    for (int o = 0; o < 4; o++) {
      b.option("Option " + o);
    }
    return b.criterion("Support")
        .criterion(Criterion.builder("Price").direction(Direction.COST).measure(Measure.of("EUR")).build())
        .criterion(Criterion.builder("EU region").measure(Measure.yesNo()).build())
        .build();
  }

  @Test
  void onlyTheJudgedCriterionsCellsAreSentToTheJudgeEvenWhenRawCellsAreEmpty() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation e = engine.evaluate(decision());
      assertThat(calls.get()).isEqualTo(4);
      assertThat(askedCriteria).containsExactly("Support");
      assertThat(e.judgment("Option 0", "Price")).isNull();
    }
  }

  @Test
  void reJudgingEverythingKeepsEnteredValuesAndStillSkipsRawCriteria() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Decision d = decision();
      Evaluation start = Evaluation.empty(d).withJudgment("Option 1", "Price", new Judgment.Measured(20, "EUR", ""));
      Evaluation e = engine.evaluate(d, start, EvaluationOptions.builder().scope(Scope.ALL).samples(3).build());
      assertThat(calls.get()).isEqualTo(12);
      assertThat(askedCriteria).containsExactly("Support");
      assertThat(e.judgment("Option 1", "Price")).isEqualTo(new Judgment.Measured(20, "EUR", ""));
    }
  }
}
