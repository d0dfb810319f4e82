package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.Ranking;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineIncrementalTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final LlmBackend counting = request -> {
    calls.incrementAndGet();
    return Fixtures.answer(request);
  };

  @Test
  void reWeightingAndReRankingMakeNoBackendCalls() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(10, 8));
      calls.set(0);

      Decision reweighted = first.decision().withWeight("Criterion 3", 9.5).withWeight("Criterion 0", 0.2);
      Evaluation moved = first.withDecision(reweighted);
      Evaluation again = engine.evaluate(reweighted, first, EvaluationOptions.defaults());
      Ranking before = Ranking.weightedSum(first);
      Ranking after = Ranking.weightedSum(again);

      assertThat(calls.get()).isZero();
      assertThat(again.stats().calls()).isZero();
      assertThat(moved.isComplete()).isTrue();
      assertThat(after.options()).isNotEqualTo(before.options());
    }
  }

  @Test
  void evaluatingAnUnchangedDecisionAgainIsServedFromTheCache() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(10, 8));
      Evaluation second = engine.evaluate(Fixtures.decision(10, 8));

      assertThat(calls.get()).isEqualTo(80);
      assertThat(second.stats().cacheHits()).isEqualTo(80);
      assertThat(second.stats().calls()).isZero();
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void addingOneOptionToATenByEightDecisionMakesExactlyEightCalls() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(10, 8));
      calls.set(0);

      Decision grown = first.decision().withOption(Option.of("Newcomer", "just added"));
      Evaluation withPrevious = engine.evaluate(grown, first, EvaluationOptions.defaults());

      assertThat(calls.get()).isEqualTo(8);
      assertThat(withPrevious.isComplete()).isTrue();
      assertThat(withPrevious.stats().cellsJudged()).isEqualTo(8);
    }
  }

  @Test
  void addingOneOptionCostsOnlyItsCellsEvenWithoutThePreviousEvaluation() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      engine.evaluate(Fixtures.decision(10, 8));
      calls.set(0);

      Evaluation grown = engine.evaluate(Fixtures.decision(10, 8).withOption(Option.of("Newcomer")));

      assertThat(calls.get()).isEqualTo(8);
      assertThat(grown.stats().cacheHits()).isEqualTo(80);
    }
  }

  @Test
  void editingACriterionsDescriptionAsksAgainForThatCriterionOnly() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(4, 3));
      calls.set(0);

      Decision edited = first.decision().withCriterionEdited("Criterion 1", c -> c.toBuilder().description("now stricter").build());
      engine.evaluate(edited, first, EvaluationOptions.defaults());

      assertThat(calls.get()).isEqualTo(4);
    }
  }

  @Test
  void scopeAllAsksEveryCellAgainButKeepsManualScores() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(2, 2));
      Evaluation withManual = first.withJudgment("Option 0", "Criterion 0", Judgment.Scored.manual(2, "I know better"));
      calls.set(0);

      Evaluation again = engine.evaluate(withManual.decision(), withManual, EvaluationOptions.builder().scope(Scope.ALL).build());

      assertThat(calls.get()).isEqualTo(3);
      assertThat(again.judgment(0, 0)).isEqualTo(Judgment.Scored.manual(2, "I know better"));
    }
  }

  @Test
  void renamingAnOptionKeepsOtherOptionsJudgments() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(3, 2));
      calls.set(0);

      Decision renamed = first.decision().withOptionRenamed("Option 1", "Option One");
      Evaluation moved = first.withDecision(renamed);

      assertThat(moved.counts().missing()).isEqualTo(2);
      assertThat(engine.evaluate(renamed, first, EvaluationOptions.defaults()).isComplete()).isTrue();
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void aNewTopicAsksEveryCellAgainAndKeepsOnlyHandSetScores() {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(3, 2));
      Evaluation withManual = first.withJudgment("Option 0", "Criterion 0", Judgment.Scored.manual(2, "I know better"));
      calls.set(0);

      Decision retopiced = withManual.decision().withTopic("Which option is cheapest to run for ten years?");
      Evaluation again = engine.evaluate(retopiced, withManual, EvaluationOptions.defaults());

      assertThat(calls.get()).as("every model judgment answered the old question").isEqualTo(5);
      assertThat(again.judgment(0, 0)).isEqualTo(Judgment.Scored.manual(2, "I know better"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"option description", "criterion description", "rubric", "direction", "option name", "criterion name"})
  void everyTextThatReachesThePromptInvalidatesTheJudgmentsItShaped(String what) {
    try (DecisionEngine engine = Fixtures.engine(counting).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(3, 4));
      calls.set(0);
      Decision d = first.decision();
      Decision edited = switch (what) {
        case "option description" -> d.withOptionEdited("Option 1", o -> o.withDescription("now hosted in the EU"));
        case "criterion description" -> d.withCriterionEdited("Criterion 2", c -> c.toBuilder().description("measured yearly").build());
        case "rubric" -> d.withCriterionEdited("Criterion 2", c -> c.toBuilder().rubric("10 = under 1 ms").build());
        case "direction" -> d.withCriterionEdited("Criterion 2", c -> c.toBuilder().direction(dev.decisionmatrix.model.Direction.COST).build());
        case "option name" -> d.withOptionRenamed("Option 1", "Option One");
        case "criterion name" -> d.withCriterionRenamed("Criterion 2", "Criterion Two");
        default -> throw new IllegalArgumentException(what);
      };
      int affected = what.startsWith("option") ? 4 : 3;

      Evaluation again = engine.evaluate(edited, first, EvaluationOptions.defaults());

      assertThat(calls.get()).isEqualTo(affected);
      assertThat(again.isComplete()).isTrue();
    }
  }
}
