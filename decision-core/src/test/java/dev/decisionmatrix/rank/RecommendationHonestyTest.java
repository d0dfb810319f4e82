package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommendation never names a winner the data does not support, and says why it cannot. */
class RecommendationHonestyTest {

  private static final CellState S = CellState.SCORED;
  private static final CellState A = CellState.ABSTAINED;
  private static final CellState F = CellState.FAILED;
  private static final double N = Double.NaN;

  private static ScoreMatrix matrix(double[][] scores, CellState[][] states) {
    int m = scores[0].length;
    List<String> options = List.of("Alpha", "Beta", "Gamma").subList(0, scores.length);
    List<String> criteria = List.of("x", "y", "z").subList(0, m);
    double[] weights = new double[m];
    java.util.Arrays.fill(weights, 1);
    return ScoreMatrix.of(options, criteria, weights, scores, states);
  }

  @Test
  void topsisLeavesAnOptionScoredOnlyWhereEveryoneTiesUnrankedInsteadOfCallingItTheWinner() {
    // Alpha is scored only on x, where everyone scores 5: nothing tells it apart (0/0 closeness).
    ScoreMatrix m = matrix(new double[][] {{5, N}, {5, 8}, {5, 3}}, new CellState[][] {{S, A}, {S, S}, {S, S}});

    Ranking r = RankingMethod.topsis().rank(m);

    assertThat(r.option("Alpha").orElseThrow().isRanked()).isFalse();
    assertThat(r.recommendation().leaders()).containsExactly("Beta");
    assertThat(r.recommendation().summary()).contains("Alpha is not ranked by this method", "ties across the options");
  }

  @Test
  void topsisCallsIdenticalOptionsATie() {
    ScoreMatrix m = matrix(new double[][] {{5, 5}, {5, 5}}, new CellState[][] {{S, S}, {S, S}});

    Ranking r = RankingMethod.topsis().rank(m);

    assertThat(r.recommendation().verdict()).isEqualTo(Verdict.TIE);
    assertThat(r.options()).allSatisfy(o -> assertThat(o.score()).isEqualTo(0.5));
  }

  @Test
  void aLeadOfExactlyTheClearMarginIsClearDespiteFloatingPointNoise() {
    // 2.3 - 1.8 is 0.4999999999999998 in binary floating point.
    ScoreMatrix m = matrix(new double[][] {{2.3}, {1.8}}, new CellState[][] {{S}, {S}});

    Ranking r = RankingMethod.weightedSum().rank(m);

    assertThat(2.3 - 1.8).isLessThan(0.5);
    assertThat(r.recommendation().verdict()).isEqualTo(Verdict.CLEAR_WINNER);
  }

  @Test
  void aCloseCallNeverPrintsItsMarginAsTheThresholdItMissed() {
    ScoreMatrix m = matrix(new double[][] {{7.3}, {6.803}}, new CellState[][] {{S}, {S}});

    Recommendation r = RankingMethod.weightedSum().rank(m).recommendation();

    assertThat(r.verdict()).isEqualTo(Verdict.CLOSE);
    assertThat(r.summary()).contains("by only 0.497 points").doesNotContain("by only 0.50 ");
  }

  @Test
  void aTieKeepsTheCaveatThatALeadersScoreRestsOnFewerCriteria() {
    ScoreMatrix m = matrix(new double[][] {{6, N}, {6, 6}}, new CellState[][] {{S, A}, {S, S}});

    Recommendation r = RankingMethod.weightedSum().rank(m).recommendation();

    assertThat(r.verdict()).isEqualTo(Verdict.TIE);
    assertThat(r.summary()).contains("Alpha's score rests on 1 of 2 criteria");
  }

  @Test
  void aLeadBuiltOnFewerCriteriaThanTheRunnerUpsIsNeverCalledClear() {
    // Alpha abstained where it would have lost; on the shared criterion Beta is better.
    ScoreMatrix m = matrix(new double[][] {{9, N}, {8, 2}}, new CellState[][] {{S, A}, {S, S}});

    Recommendation r = RankingMethod.weightedSum().rank(m).recommendation();

    assertThat(r.verdict()).isEqualTo(Verdict.CLOSE);
    assertThat(r.summary()).contains("on fewer criteria (1 vs 2)", "not clear");
  }

  @Test
  void aMatrixWhereEveryCellAbstainedSaysSoInsteadOfAskingForAnEvaluation() {
    ScoreMatrix m = matrix(new double[][] {{N, N}, {N, N}}, new CellState[][] {{A, A}, {A, A}});

    Recommendation r = RankingMethod.weightedSum().rank(m).recommendation();

    assertThat(r.verdict()).isEqualTo(Verdict.NO_DATA);
    assertThat(r.summary()).contains("abstained on every judged cell (4 cells)").doesNotContain("Evaluate the options first");
  }

  @Test
  void aMatrixWhereEveryCellFailedSaysTheyFailed() {
    ScoreMatrix m = matrix(new double[][] {{N, N}, {N, N}}, new CellState[][] {{F, F}, {F, F}});

    Recommendation r = RankingMethod.weightedSum().rank(m).recommendation();

    assertThat(r.verdict()).isEqualTo(Verdict.NO_DATA);
    assertThat(r.summary()).contains("every judged cell failed (4 cells)");
  }
}
