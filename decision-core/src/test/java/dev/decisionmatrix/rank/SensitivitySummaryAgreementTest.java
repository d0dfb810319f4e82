package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Monte Carlo sentence of a robustness summary says what the structured data says, for any seed. */
class SensitivitySummaryAgreementTest {

  private static final Pattern WINS = Pattern.compile("^(.+?) wins (<1%|>99%|\\d+%) of trials");
  private static final Pattern MORE_OFTEN = Pattern.compile("; (.+?) ranks first more often \\((<1%|>99%|\\d+%)\\)");
  private static final List<RankingMethod> METHODS = List.of(RankingMethod.weightedSum(), RankingMethod.topsis(), RankingMethod.vikor());

  /** Options whose scores lie close together, so the leader often wins almost but not quite every trial. */
  private static ScoreMatrix closeMatrix(SplittableRandom random) {
    int n = 2 + random.nextInt(4);
    int m = 2 + random.nextInt(4);
    List<String> options = new ArrayList<>();
    for (int o = 0; o < n; o++) {
      options.add("O" + o);
    }
    List<String> criteria = new ArrayList<>();
    for (int c = 0; c < m; c++) {
      criteria.add("C" + c);
    }
    double[] weights = new double[m];
    double[][] scores = new double[n][m];
    double[][] spreads = new double[n][m];
    CellState[][] states = new CellState[n][m];
    for (int c = 0; c < m; c++) {
      weights[c] = 0.5 + random.nextInt(10) / 2.0;
    }
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        scores[o][c] = 5 + random.nextInt(5) / 2.0;
        spreads[o][c] = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
        states[o][c] = CellState.SCORED;
      }
    }
    return ScoreMatrix.of(options, criteria, weights, scores, states).withSampleSpreads(spreads);
  }

  @Test
  void theSummarysWinShareIsTheDatasRoundedSoThatHundredAndZeroPercentMeanAllAndNone() {
    SplittableRandom random = new SplittableRandom(20261203L);
    int checked = 0;
    int nearlyAll = 0;
    for (int i = 0; i < 600; i++) {
      ScoreMatrix matrix = closeMatrix(random);
      RankingMethod method = METHODS.get(i % METHODS.size());
      long seed = random.nextLong();
      SensitivityReport report = Sensitivity.analyze(matrix, method, 200 + random.nextInt(800), 1 + random.nextInt(3), seed);
      if (report.leader() == null || report.winProbability().isEmpty()) {
        continue;
      }
      checked++;
      String context = method.name() + " seed " + seed + ": " + report.summary() + " / data " + report.winProbability();
      Matcher wins = WINS.matcher(report.summary());
      assertThat(wins.find()).as(context).isTrue();
      assertThat(wins.group(1)).as(context).isEqualTo(report.leader());
      double p = report.leaderWinProbability();
      assertThat(wins.group(2)).as(context).isEqualTo(SensitivityReport.percent(p));
      if (wins.group(2).equals("100%")) {
        assertThat(report.winProbability()).as(context).containsOnlyKeys(report.leader());
      }
      if (wins.group(2).equals(">99%")) {
        nearlyAll++;
        assertThat(report.winProbability()).as(context).hasSizeGreaterThan(1);
      }
      if (wins.group(2).equals("0%")) {
        assertThat(report.winProbability()).as(context).doesNotContainKey(report.leader());
      }
      Map.Entry<String, Double> top = report.winProbability().entrySet().iterator().next();
      Matcher other = MORE_OFTEN.matcher(report.summary());
      if (top.getValue() > p) {
        assertThat(other.find()).as(context + " names the likelier winner").isTrue();
        assertThat(other.group(1)).as(context).isEqualTo(top.getKey());
        assertThat(other.group(2)).as(context).isEqualTo(SensitivityReport.percent(top.getValue()));
      } else {
        assertThat(other.find()).as(context).isFalse();
      }
      String verdict = p >= 0.9 ? "(robust)" : p >= 0.6 ? "(fairly robust)" : "(fragile)";
      assertThat(report.summary()).as(context).contains(verdict);
    }
    assertThat(checked).isGreaterThan(400);
    assertThat(nearlyAll).as("cases that round to 100% but are not all, the case that used to disagree").isPositive();
  }

  @Test
  void percentagesRoundToNoneOrAllOnlyWhenTheyAre() {
    assertThat(SensitivityReport.percent(0)).isEqualTo("0%");
    assertThat(SensitivityReport.percent(0.002)).isEqualTo("<1%");
    assertThat(SensitivityReport.percent(0.005)).isEqualTo("1%");
    assertThat(SensitivityReport.percent(0.72)).isEqualTo("72%");
    assertThat(SensitivityReport.percent(0.998)).isEqualTo(">99%");
    assertThat(SensitivityReport.percent(1)).isEqualTo("100%");
  }
}
