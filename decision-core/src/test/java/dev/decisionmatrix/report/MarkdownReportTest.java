package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  private static String render(Evaluation evaluation) {
    return MarkdownReport.render(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum(), MissingDataPolicy.EXCLUDE));
  }

  @Test
  void aThreeByThreeMatrixShowsEveryCellStateDistinctlyInRankOrder() {
    String markdown = render(ReportFixtures.threeByThree());

    assertThat(markdown).contains(
        """
        | Rank | Option | Speed (w=2) | Price (w=1, cost) | Support (w=1) | Total |
        |---:|:---|---:|---:|---:|---:|
        | 1 | Beta | 9.0 | \u2014 | failed | 9.00 \u2020 |
        | 2 | Alpha | 8.0 | 3.0 | 7.5 | 7.88 |
        | 3 | Gamma | 4.0 | 6.0 \u270e | \u00b7 | 4.33 \u2020 |
        """);
  }

  @Test
  void theLegendExplainsOnlyTheMarksThatOccur() {
    String partial = render(ReportFixtures.threeByThree());
    String complete = render(ReportFixtures.scored(3, 3));

    assertThat(partial)
        .contains("- `\u2014` abstained: the judge declined to score")
        .contains("- `failed`: no valid answer")
        .contains("- `\u00b7` not judged yet.")
        .contains("- `\u2020` provisional");
    assertThat(complete).doesNotContain("` abstained", "not judged yet", "\u2020");
  }

  @Test
  void theRecommendationAndTheCellsNeedingAttentionFollowTheTable() {
    String markdown = render(ReportFixtures.threeByThree());

    assertThat(markdown).contains("**Recommendation:** Beta leads Alpha by 1.13 points (9.00 vs 7.88), but on fewer criteria (1 vs 3), so the lead is not clear.");
    assertThat(markdown).contains(
        """
        ## Cells needing attention

        - Beta \u00d7 Support: **failed** (timeout after 3 attempts: read timed out)
        - Beta \u00d7 Price: abstained (no public price list)
        - 1 cell is not judged yet: Gamma \u00d7 Support.
        """);
    assertThat(markdown.indexOf("| 3 | Gamma")).isLessThan(markdown.indexOf("**Recommendation:**"));
    assertThat(markdown.indexOf("**Recommendation:**")).isLessThan(markdown.indexOf("## Cells needing attention"));
  }

  @Test
  void aFailureIsNeverShownAsAnAbstention() {
    Decision decision = Decision.of("t", List.of(Option.of("A")), List.of(Criterion.of("C")));
    Evaluation failed = Evaluation.empty(decision).withJudgment("A", "C", new Judgment.Failed(LlmErrorKind.INVALID_ANSWER, "", 2));

    String markdown = render(failed);

    assertThat(markdown).contains("| \u2013 | A | failed | \u2013 \u2020 |").doesNotContain("\u2014", "` abstained", "abstained (");
    assertThat(markdown).contains("- A \u00d7 C: **failed** (invalid answer after 2 attempts)");
  }

  @Test
  void pipesNewlinesBackslashesAndHtmlInUserTextAreEscaped() {
    Decision decision = Decision.of(
        "Pick <b>one</b>\nplease",
        List.of(Option.of("A|B C\\"), Option.of("D")),
        List.of(Criterion.of("x|y")));
    Evaluation evaluation = Evaluation.empty(decision)
        .withJudgment("A|B C\\", "x|y", new Judgment.Abstained("n/a | see\r\nnotes"))
        .withJudgment("D", "x|y", Judgment.Scored.of(5, "", 0.5));

    String markdown = render(evaluation);

    assertThat(markdown).startsWith("# Pick &lt;b>one&lt;/b> please\n");
    assertThat(markdown).contains("| Rank | Option | x\\|y (w=1) | Total |");
    assertThat(markdown).contains("| \u2013 | A\\|B C\\\\ | \u2014 | \u2013 |");
    assertThat(markdown).contains("- A\\|B C\\\\ \u00d7 x\\|y: abstained (n/a \\| see notes)");
    assertThat(markdown.lines().filter(l -> l.startsWith("|"))).allSatisfy(l -> assertThat(l.split("(?<!\\\\)\\|", -1)).hasSize(6));
  }

  @Test
  void manyUnjudgedCellsAreCountedRatherThanAllNamed() {
    Evaluation nothing = Evaluation.empty(ReportFixtures.scored(6, 4).decision());

    String markdown = render(nothing);

    assertThat(markdown).contains("- 24 cells are not judged yet: Option 0 \u00d7 Criterion 0, ").contains(", \u2026 and 14 more.");
    assertThat(markdown).contains("**Recommendation:** No recommendation yet");
  }

  @Test
  void aHundredByFiftyMatrixStillRendersCompactly() {
    Evaluation big = ReportFixtures.scored(100, 50);

    String markdown = render(big);

    assertThat(markdown.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Rank"))).hasSize(100);
    assertThat(markdown.length()).isLessThan(45_000);
    assertThat(markdown).doesNotContain("Cells needing attention");
  }

  @Test
  void aScoreFromSeveralSamplesShowsTheirRangeAndTheLegendSaysWhatTheMarkMeans() {
    Evaluation evaluation = ReportFixtures.scored(2, 2)
        .withJudgment("Option 1", "Criterion 1", new Judgment.Scored(6, "varied", 0.7, 2.5, 3, false));

    String markdown = render(evaluation);

    assertThat(markdown).contains("| 6.0 \u21952.5 |");
    assertThat(markdown).contains("- `\u2195x` spread: the cell was judged several times (up to 3) and its samples ranged over x points");
    assertThat(render(ReportFixtures.scored(2, 2))).doesNotContain("\u2195");
  }
}
