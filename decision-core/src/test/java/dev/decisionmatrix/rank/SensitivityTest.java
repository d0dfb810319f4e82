package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class SensitivityTest {

  private static final CellState S = CellState.SCORED;

  // A: 9 and 3; B: 4 and 8; weights 2 and 1. A leads 7.00 vs 5.33.
  private static ScoreMatrix twoByTwo() {
    return ScoreMatrix.of(List.of("A", "B"), List.of("Speed", "Price"), new double[] {2, 1},
        new double[][] {{9, 3}, {4, 8}}, new CellState[][] {{S, S}, {S, S}});
  }

  @Test
  void findsTheExactWeightsAtWhichTheLeaderFlips() {
    SensitivityReport report = Sensitivity.analyze(twoByTwo(), 0, 2, 1);

    assertThat(report.leader()).isEqualTo("A");
    WeightFlip speed = report.flips().get(0);
    assertThat(speed.lowerFlip()).isCloseTo(1.0, within(1e-9)); // 9w+3 = 4w+8
    assertThat(speed.lowerLeader()).isEqualTo("B");
    assertThat(speed.upperFlip()).isNaN();
    WeightFlip price = report.flips().get(1);
    assertThat(price.upperFlip()).isCloseTo(2.0, within(1e-9)); // 18+3w = 8+8w
    assertThat(price.upperLeader()).isEqualTo("B");
    assertThat(price.lowerFlip()).isNaN();
  }

  @Test
  void winProbabilityMatchesTheAnalyticValue() {
    // A wins iff w1 > w2; with log-uniform factors in [1/2, 2] that happens with probability 7/8.
    SensitivityReport report = Sensitivity.analyze(twoByTwo(), 40_000, 2, 7);
    assertThat(report.leaderWinProbability()).isCloseTo(0.875, within(0.01));
    assertThat(report.winProbability().get("B")).isCloseTo(0.125, within(0.01));
    assertThat(report.summary()).containsPattern("A wins 8[78]% of trials").contains("lowering it from 2.00 to 1.00 makes B the leader");
  }

  @Test
  void aDominantOptionCannotBeFlipped() {
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B"), List.of("x", "y"), new double[] {1, 1},
        new double[][] {{9, 9}, {2, 3}}, new CellState[][] {{S, S}, {S, S}});
    SensitivityReport report = Sensitivity.analyze(m);
    assertThat(report.flips()).noneMatch(WeightFlip::canFlip);
    assertThat(report.leaderWinProbability()).isEqualTo(1.0);
    assertThat(report.summary()).contains("No single weight");
  }

  @Test
  void aTieHasNoLeaderToTest() {
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B"), List.of("x"), new double[] {1},
        new double[][] {{5}, {5}}, new CellState[][] {{S}, {S}});
    assertThat(Sensitivity.analyze(m).leader()).isNull();
  }

  /** Property: at each reported flip point, just past it, the named option really leads. */
  @RepeatedTest(40)
  void reportedFlipPointsAreRealFlipPoints(RepetitionInfo info) {
    Random random = new Random(info.getCurrentRepetition());
    int n = 5;
    int k = 4;
    double[][] scores = new double[n][k];
    CellState[][] states = new CellState[n][k];
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < k; c++) {
        boolean abstain = random.nextInt(8) == 0;
        scores[o][c] = abstain ? Double.NaN : 1 + random.nextInt(90) / 10.0;
        states[o][c] = abstain ? CellState.ABSTAINED : S;
      }
    }
    double[] weights = random.doubles(k, 0.5, 5).toArray();
    ScoreMatrix m = ScoreMatrix.of(List.of("a", "b", "c", "d", "e"), List.of("w", "x", "y", "z"), weights, scores, states);
    SensitivityReport report = Sensitivity.analyze(m, 0, 2, 1);
    if (report.leader() == null) {
      return;
    }
    for (int c = 0; c < k; c++) {
      WeightFlip f = report.flips().get(c);
      for (double flip : new double[] {f.lowerFlip(), f.upperFlip()}) {
        if (Double.isNaN(flip)) {
          continue;
        }
        double[] w = weights.clone();
        w[c] = flip < weights[c] ? flip - 1e-4 : flip + 1e-4;
        if (w[c] <= 0) {
          continue;
        }
        Ranking r = RankingMethod.weightedSum().rank(m.withWeights(w));
        String expected = flip < weights[c] ? f.lowerLeader() : f.upperLeader();
        assertThat(r.options().getFirst().name()).isEqualTo(expected);
      }
      // And the leader holds everywhere strictly between the two flip points.
      double lo = Double.isNaN(f.lowerFlip()) ? 0.1 : f.lowerFlip() + 1e-4;
      double hi = Double.isNaN(f.upperFlip()) ? 10 : f.upperFlip() - 1e-4;
      for (double probe : new double[] {lo, (lo + hi) / 2, hi}) {
        double[] w = weights.clone();
        w[c] = probe;
        assertThat(RankingMethod.weightedSum().rank(m.withWeights(w)).options().getFirst().name()).isEqualTo(report.leader());
      }
    }
  }

  @Test
  void robustnessFollowsTheMethodShownWhenItsLeaderDiffersFromTheWeightedSums() {
    // The weighted sum prefers Spiky (5.5 vs 5), the weighted product Steady (5 vs sqrt(10)).
    ScoreMatrix m = ScoreMatrix.of(List.of("Steady", "Spiky"), List.of("x", "y"), new double[] {1, 1},
        new double[][] {{5, 5}, {1, 10}}, new CellState[][] {{CellState.SCORED, CellState.SCORED}, {CellState.SCORED, CellState.SCORED}});

    SensitivityReport product = Sensitivity.analyze(m, RankingMethod.weightedProduct(), 500, 2, 7);
    SensitivityReport sum = Sensitivity.analyze(m, RankingMethod.weightedSum(), 500, 2, 7);

    assertThat(product.method()).isEqualTo("weighted-product");
    assertThat(product.leader()).isEqualTo("Steady");
    assertThat(sum.leader()).isEqualTo("Spiky");
    // Steady's product is 5 whatever the weights; Spiky's is 1^(a) 10^(1-a) with a = wx/(wx+wy): they
    // tie where 10^(1-a) = 5, i.e. a = 1 - log10(5), so raising y's weight to wx * (1-a)/a flips it.
    double a = 1 - Math.log10(5);
    WeightFlip y = product.flips().get(1);
    assertThat(y.upperFlip()).isCloseTo((1 - a) / a, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(y.upperLeader()).isEqualTo("Spiky");
  }

  @Test
  void aSpreadOtherThanTwoIsDescribedAsSetAndWinProbabilitiesAreBestFirst() {
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B", "C"), List.of("x", "y"), new double[] {1, 1},
        new double[][] {{6, 6}, {9, 2}, {2, 9}}, new CellState[][] {
            {CellState.SCORED, CellState.SCORED}, {CellState.SCORED, CellState.SCORED}, {CellState.SCORED, CellState.SCORED}});

    SensitivityReport report = Sensitivity.analyze(m, 2_000, 4, 3);

    assertThat(report.summary()).contains("divided or multiplied by up to 4").doesNotContain("halved to doubled");
    List<Double> shares = List.copyOf(report.winProbability().values());
    assertThat(shares).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void noFlipIsReportedWhereTheChallengerOnlyTiesAtTheEndOfTheAllowedRange() {
    // With y's weight 1 and x's weight w: A - B = (-0.5 w + 5) / (w + 1), so A leads for every w
    // below 10 and B only ties at w = 10, the top of the allowed range.
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B"), List.of("x", "y"), new double[] {5, 1},
        new double[][] {{9.5, 6}, {10, 1}}, new CellState[][] {{CellState.SCORED, CellState.SCORED}, {CellState.SCORED, CellState.SCORED}});

    SensitivityReport report = Sensitivity.analyze(m, 0, 2, 1);

    assertThat(report.leader()).isEqualTo("A");
    WeightFlip x = report.flips().getFirst();
    assertThat(x.upperFlip()).as("a tie at the end of the range is no flip").isNaN();
    assertThat(x.lowerFlip()).isNaN();
  }
}
