package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import dev.decisionmatrix.rank.Sensitivity;
import org.junit.jupiter.api.Test;

class ReportProvenanceTest {

  private final Evaluation evaluation = ReportFixtures.threeByThree();

  private RankedEvaluation input(RankingMethod method) {
    return RankedEvaluation.of(evaluation, Ranking.of(evaluation, method)).withJudge("openai", "gpt-4o-mini").analyzed(method);
  }

  @Test
  void theMarkdownReportNamesTheJudgeTheHandSetScoresThePolicyAndTheRobustnessOfTheMethodShown() {
    String markdown = MarkdownReport.render(input(RankingMethod.topsis()));

    assertThat(markdown)
        .contains("- **Judged by:** openai, model gpt-4o-mini.")
        .contains("- **Set by hand:** 1 score (Gamma \u00d7 Price), marked `\u270e`.")
        .contains("- **Missing data:** worst (cells without a score are set to the worst score on that criterion)")
        .contains("## Robustness (topsis)");
  }

  @Test
  void cellReasoningIsListedOnlyOnRequest() {
    RankedEvaluation plain = input(RankingMethod.weightedSum());

    assertThat(MarkdownReport.render(plain)).doesNotContain("## Reasoning");
    assertThat(MarkdownReport.render(plain.withReasoning(true)))
        .contains("## Reasoning", "### Beta", "- Speed: **9.0** (confidence 0.95) \u2014 fastest", "- Price: **6.0** (set by hand) \u2014 quoted");
  }

  @Test
  void aRobustnessAnalysisOfAnotherMethodThanTheOneShownIsRefused() {
    RankedEvaluation shown = RankedEvaluation.of(evaluation, Ranking.of(evaluation, RankingMethod.topsis()));

    assertThatThrownBy(() -> shown.withSensitivity(Sensitivity.analyze(ScoreMatrix.of(evaluation), RankingMethod.weightedSum())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analysis is of weighted-sum but the ranking shown is by topsis");
  }

  @Test
  void theHtmlReportDrawsWinProbabilitiesAndFlipPointsAsInlineSvg() {
    String html = HtmlReport.render(input(RankingMethod.weightedSum()));

    assertThat(html).contains("<svg id=\"win-probabilities\"", "<svg id=\"flip-points\"", "Judged by: openai, model gpt-4o-mini",
        "Set by hand: Gamma \u00d7 Price");
    assertThat(html).doesNotContainPattern("(?i)<script|<link|<img|src=|href=");
  }

  @Test
  void theJsonAndCsvReportsCarryThePolicyTheJudgeAndTheLeadersWinProbability() {
    RankedEvaluation input = input(RankingMethod.weightedSum()).withPolicy("neutral");

    String json = JsonReport.render(input);
    String csv = CsvReport.render(input);

    assertThat(json).contains("\"missingDataPolicy\": \"neutral\"", "\"judge\": \"openai\"", "\"robustness\": {");
    assertThat(csv).contains("Gamma,Price,1,cost,scored,6,1,quoted,0,1,hand,neutral,weighted-sum,")
        .contains("Beta,Speed,2,benefit,scored,9,0.95,fastest,0,1,openai/gpt-4o-mini,neutral,weighted-sum,");
  }
}
