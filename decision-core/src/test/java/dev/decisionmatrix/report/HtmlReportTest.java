package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static String render(Evaluation evaluation) {
    return HtmlReport.render(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum(), MissingDataPolicy.EXCLUDE));
  }

  private static long count(String text, String regex) {
    return Pattern.compile(regex).matcher(text).results().count();
  }

  @Test
  void userTextCannotInjectMarkupOrScript() {
    String evil = "<script>alert('x')</script>";
    Decision decision = Decision.of(
        evil + " topic", List.of(Option.of(evil), Option.of("B\" onmouseover=\"alert(1)")), List.of(Criterion.of("<img src=x onerror=alert(1)>")));
    Evaluation evaluation = Evaluation.empty(decision)
        .withJudgment(evil, "<img src=x onerror=alert(1)>", Judgment.Scored.of(7, "\"><script>alert(2)</script>", 0.5))
        .withJudgment("B\" onmouseover=\"alert(1)", "<img src=x onerror=alert(1)>", new Judgment.Abstained("</td></tr></table>"));

    String html = render(evaluation);

    assertThat(html).doesNotContain("<script", "<img", "</table></td>", "\" onmouseover");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(html).contains("title=\"&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; (confidence 0.5)\"");
    assertThat(count(html, "<table>")).isEqualTo(1);
  }

  @Test
  void thePageIsSelfContainedAndForbidsScripts() {
    String html = render(ReportFixtures.threeByThree());

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).contains("<style>", "<svg", "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    assertThat(html).doesNotContainPattern("(?i)<script|<link|<img|src=|href=|url\\(|@import");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
  }

  @Test
  void theMatrixHasOneRowPerOptionInRankOrderWithEveryStateDistinct() {
    String html = render(ReportFixtures.threeByThree());

    assertThat(count(html, "<tr><td>")).isEqualTo(3);
    assertThat(html.indexOf(">Beta</td>")).isLessThan(html.indexOf(">Alpha</td>")).isPositive();
    assertThat(html.indexOf(">Alpha</td>")).isLessThan(html.indexOf(">Gamma</td>"));
    assertThat(html).contains("<td class=\"abstained\" title=\"no public price list\">\u2014</td>");
    assertThat(html).contains("<td class=\"failed\" title=\"timeout after 3 attempts: read timed out\">failed</td>");
    assertThat(html).contains("<td class=\"missing\">\u00b7</td>");
    assertThat(html).contains("Price <span class=\"cost\">(w=1, cost)</span>");
  }

  @Test
  void scoredCellsAreColouredFromRedToGreenWithCostReversed() {
    String html = render(ReportFixtures.threeByThree());

    assertThat(html).contains("<td style=\"background:hsl(107,65%,82%)\" title=\"fastest (confidence 0.95)\">9.0</td>");
    assertThat(html).contains("<td style=\"background:hsl(93,65%,82%)\" title=\"cheap\">3.0</td>");
    assertThat(html).contains("title=\"quoted (confidence 1) (set by hand)\">6.0 \u270e</td>");
  }

  @Test
  void theChartHasABarPerRankedOptionSizedByItsTotal() {
    String html = render(ReportFixtures.threeByThree());

    assertThat(count(html, "<rect ")).isEqualTo(3);
    assertThat(html).contains("width=\"360\"").contains("width=\"315\"");
    assertThat(html).contains(">9.00 \u2020</text>");
    assertThat(html).contains("stroke-dasharray");
  }

  @Test
  void aHundredByFiftyMatrixRendersWithARowPerOption() {
    String html = render(ReportFixtures.scored(100, 50));

    assertThat(count(html, "<tr><td>")).isEqualTo(100);
    assertThat(count(html, "<rect ")).isEqualTo(100);
    assertThat(html.length()).isLessThan(1_000_000);
  }

  @Test
  void everyCellsReasoningIsInACollapsedSectionPerOptionThatOpensOnRequest() {
    Evaluation evaluation = ReportFixtures.threeByThree();
    RankedEvaluation input = RankedEvaluation.of(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum()));

    String collapsed = HtmlReport.render(input);
    String open = HtmlReport.render(input.withReasoning(true));

    assertThat(count(collapsed, "<details>")).isEqualTo(3);
    assertThat(collapsed).doesNotContain("<details open>");
    assertThat(collapsed).contains(". Beta</summary>", "<li><strong>Speed</strong>: 9.0 (confidence 0.95) \u2014 fastest</li>",
        "<li><strong>Price</strong>: abstained \u2014 no public price list</li>",
        "<li><strong>Support</strong>: failed \u2014 timeout after 3 attempts: read timed out</li>",
        "<li><strong>Price</strong>: 6.0 (set by hand) \u2014 quoted</li>", "<li><strong>Support</strong>: not judged yet</li>");
    assertThat(count(open, "<details open>")).isEqualTo(3);
  }

  @Test
  void aScoreFromSeveralSamplesShowsTheirRangeInTheCellAndTheLegend() {
    Evaluation evaluation = ReportFixtures.threeByThree()
        .withJudgment("Gamma", "Support", new Judgment.Scored(6, "varied", 0.7, 2.5, 3, false));

    String html = render(evaluation);

    assertThat(html).contains("title=\"varied (confidence 0.7) (3 samples ranging over 2.5)\">6.0<span class=\"spread\">\u21952.5</span></td>");
    assertThat(html).contains("\u2195x: judged several times, the samples ranged over x points");
    assertThat(html).contains("<li><strong>Support</strong>: 6.0 (confidence 0.7, 3 samples spread 2.5) \u2014 varied</li>");
  }
}
