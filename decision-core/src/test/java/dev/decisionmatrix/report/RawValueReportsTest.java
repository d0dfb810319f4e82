package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import org.junit.jupiter.api.Test;

/** Reports show raw values with their units, count them as set by hand, and JSON reads them back. */
class RawValueReportsTest {

  private final Evaluation evaluation = evaluation();

  private static Evaluation evaluation() {
    Decision d = Decision.builder("Which laptop?").option("Light").option("Heavy")
        .criterion("Build quality")
        .criterion(Criterion.builder("Price").direction(Direction.COST).measure(Measure.of("EUR")).build())
        .criterion(Criterion.builder("Backlit keyboard").measure(Measure.yesNo()).build())
        .build();
    return Evaluation.empty(d)
        .withJudgment("Light", "Build quality", Judgment.Scored.of(6, "fine", 0.9))
        .withJudgment("Heavy", "Build quality", Judgment.Scored.of(8, "solid", 0.9))
        .withJudgment("Light", "Price", new Judgment.Measured(899.5, "EUR", "shop price"))
        .withJudgment("Heavy", "Price", new Judgment.Measured(1500, "EUR", ""))
        .withJudgment("Light", "Backlit keyboard", Judgment.Measured.yesNo(true, ""))
        .withJudgment("Heavy", "Backlit keyboard", Judgment.Measured.yesNo(false, ""));
  }

  @Test
  void theMarkdownReportShowsValuesWithUnitsAndCountsThemAsSetByHand() {
    String markdown = MarkdownReport.render(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum()));
    assertThat(markdown).contains("899.5 EUR", "1500 EUR", "yes", "no", "Light \u00d7 Price");
  }

  @Test
  void theJsonReportReadsBackAsTheSameEvaluation() {
    String json = JsonReport.render(evaluation, Ranking.of(evaluation, RankingMethod.topsis()));
    assertThat(json).contains("\"state\": \"measured\"", "\"unit\": \"EUR\"");
    Evaluation back = DecisionJson.read(json);
    assertThat(back.decision()).isEqualTo(evaluation.decision());
    assertThat(back.cells()).isEqualTo(evaluation.cells());
  }

  @Test
  void theCsvAndHtmlReportsCarryTheValues() {
    Ranking ranking = Ranking.of(evaluation, RankingMethod.weightedSum());
    assertThat(CsvReport.render(evaluation, ranking)).contains("Light,Price,1,cost,measured,899.5");
    assertThat(HtmlReport.render(evaluation, ranking)).contains("899.5 EUR");
  }
}
