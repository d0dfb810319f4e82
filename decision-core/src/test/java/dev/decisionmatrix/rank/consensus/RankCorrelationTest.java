package dev.decisionmatrix.rank.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {

  @Test
  void spearmanMatchesTheIqAndTelevisionExample() {
    // The classic textbook example (IQ vs hours of TV per week, no ties): rho = -29/165.
    double[] iq = {106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
    double[] tv = {7, 27, 2, 50, 28, 29, 20, 12, 6, 17};

    assertThat(RankCorrelation.spearman(iq, tv)).isCloseTo(-29.0 / 165, within(1e-12));
  }

  @Test
  void spearmanWithTiesUsesAverageRanks() {
    // y ranks 1, 2, 3.5, 5, 3.5: rho = 8 / sqrt(10 * 9.5) = 0.8207826816681233.
    assertThat(RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}))
        .isCloseTo(8 / Math.sqrt(95), within(1e-12));
  }

  @Test
  void kendallTauBCorrectsForTies() {
    // The scipy.stats.kendalltau documentation example: concordant - discordant = -4 of 10 pairs,
    // 2 pairs tied in x and 1 in y, so tau-b = -4 / sqrt(8 * 9).
    double tau = RankCorrelation.kendallTauB(new double[] {12, 2, 1, 12, 2}, new double[] {1, 4, 7, 1, 0});

    assertThat(tau).isCloseTo(-0.47140452079103173, within(1e-12));
  }

  @Test
  void identicalRankingsCorrelatePerfectlyAndConstantOnesAreUndefined() {
    double[] r = {3, 1, 2, 2, 5};

    assertThat(RankCorrelation.spearman(r, r)).isCloseTo(1, within(1e-12));
    assertThat(RankCorrelation.kendallTauB(r, r)).isCloseTo(1, within(1e-12));
    assertThat(RankCorrelation.spearman(r, new double[] {1, 1, 1, 1, 1})).isNaN();
    assertThat(RankCorrelation.averageRanks(new double[] {10, 20, 20})).containsExactly(1, 2.5, 2.5);
  }
}
