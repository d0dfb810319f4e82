package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Monte Carlo over weights and sampled scores: win probabilities and rank intervals. */
class MonteCarloTest {

  private static final CellState S = CellState.SCORED;

  private static ScoreMatrix close() {
    // Alpha leads Beta by 0.25 points on two equally weighted criteria; Gamma trails far behind.
    return ScoreMatrix.of(List.of("Alpha", "Beta", "Gamma"), List.of("x", "y"), new double[] {1, 1},
        new double[][] {{7, 6}, {6.5, 6}, {2, 2}}, new CellState[][] {{S, S}, {S, S}, {S, S}});
  }

  private static RankingMethod method(String name) {
    return RankingMethod.byName(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"weighted-sum", "weighted-product", "topsis"})
  void withoutSampleSpreadAndWithFixedWeightsTheLeaderWinsEveryTrialAndRanksAreExact(String name) {
    SensitivityReport r = Sensitivity.analyze(close(), method(name), 500, 1.0, 1L);

    assertThat(r.winProbability()).containsOnlyKeys("Alpha");
    assertThat(r.rankIntervals()).containsEntry("Alpha", new RankInterval(1, 1, 1))
        .containsEntry("Beta", new RankInterval(2, 2, 2)).containsEntry("Gamma", new RankInterval(3, 3, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"weighted-sum", "weighted-product", "topsis"})
  void aSampledScoreWhoseSamplesDisagreeIsRedrawnSoACloseLeadBecomesUncertain(String name) {
    ScoreMatrix noisy = close().withSampleSpreads(new double[][] {{3, 0}, {3, 0}, {0, 0}});

    SensitivityReport r = Sensitivity.analyze(noisy, method(name), 2_000, 1.0, 1L);

    assertThat(r.winProbability().get("Alpha")).isBetween(0.5, 0.95);
    assertThat(r.winProbability().get("Beta")).isBetween(0.05, 0.5);
    assertThat(r.rankIntervals().get("Alpha")).isEqualTo(new RankInterval(1, 1, 2));
    assertThat(r.rankIntervals().get("Gamma")).isEqualTo(new RankInterval(3, 3, 3));
    assertThat(r.summary()).contains("each sampled score redrawn within its samples' range");
  }

  @Test
  void theSameSeedGivesTheSameReportAndAnotherSeedMayNot() {
    ScoreMatrix noisy = close().withSampleSpreads(new double[][] {{3, 2}, {3, 2}, {0, 0}});

    SensitivityReport a = Sensitivity.analyze(noisy, RankingMethod.topsis(), 1_000, 2.0, 9L);
    SensitivityReport b = Sensitivity.analyze(noisy, RankingMethod.topsis(), 1_000, 2.0, 9L);
    SensitivityReport c = Sensitivity.analyze(noisy, RankingMethod.topsis(), 1_000, 2.0, 10L);

    assertThat(a).isEqualTo(b);
    assertThat(a.winProbability()).isNotEqualTo(c.winProbability());
  }

  @Test
  void winSharesOfEveryTrialAddUpToOneEvenWithTies() {
    ScoreMatrix tied = ScoreMatrix.of(List.of("A", "B", "C"), List.of("x"), new double[] {1},
        new double[][] {{5}, {5}, {3}}, new CellState[][] {{S}, {S}, {S}});

    SensitivityReport r = Sensitivity.analyze(tied.withSampleSpreads(new double[][] {{0}, {0}, {0}}), RankingMethod.weightedProduct(), 100, 2.0, 3L);

    // A tie has no leader to analyse; the weighted sum below is tied the same way in every trial.
    assertThat(r.leader()).isNull();
    MonteCarlo.Outcome outcome = MonteCarlo.run(tied, RankingMethod.weightedSum(), 100, 2.0, 3L);
    assertThat(outcome.winProbability(tied.optionNames())).containsEntry("A", 0.5).containsEntry("B", 0.5);
    assertThat(outcome.rankIntervals(tied.optionNames())).containsEntry("A", new RankInterval(1, 1, 1)).containsEntry("C", new RankInterval(3, 3, 3));
  }

  @Test
  void aParallelRunGivesExactlyWhatTheSameSeedGivesOnOneThread() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    int n = 30;
    int m = 12;
    double[][] scores = new double[n][m];
    double[][] spreads = new double[n][m];
    CellState[][] states = new CellState[n][m];
    double[] weights = new double[m];
    for (int c = 0; c < m; c++) {
      weights[c] = 1 + random.nextInt(9);
    }
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        scores[o][c] = 1 + random.nextInt(10);
        spreads[o][c] = random.nextInt(3);
        states[o][c] = S;
      }
    }
    ScoreMatrix matrix = ScoreMatrix.of(java.util.stream.IntStream.range(0, n).mapToObj(i -> "O" + i).toList(),
        java.util.stream.IntStream.range(0, m).mapToObj(i -> "c" + i).toList(), weights, scores, states).withSampleSpreads(spreads);

    for (RankingMethod method : List.of(RankingMethod.weightedSum(), RankingMethod.topsis())) {
      MonteCarlo.Outcome parallel = MonteCarlo.run(matrix, method, 2_345, 2.0, 11L, 0);
      MonteCarlo.Outcome sequential = MonteCarlo.run(matrix, method, 2_345, 2.0, 11L, Long.MAX_VALUE);

      assertThat(parallel.trials()).isEqualTo(2_345);
      assertThat(parallel.winShare()).isEqualTo(sequential.winShare());
      assertThat(parallel.rankCounts()).isDeepEqualTo(sequential.rankCounts());
    }
  }

  @Test
  void aRankIntervalMustBeOrdered() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RankInterval(2, 1, 3)).hasMessageContaining("1 <= best <= median <= worst");
  }
}
