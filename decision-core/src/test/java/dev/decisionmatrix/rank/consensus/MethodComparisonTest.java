package dev.decisionmatrix.rank.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.rank.CellState;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodComparisonTest {

  private static final CellState S = CellState.SCORED;

  private static ScoreMatrix matrix(double[][] scores) {
    CellState[][] states = new CellState[scores.length][scores[0].length];
    for (CellState[] row : states) {
      java.util.Arrays.fill(row, S);
    }
    return ScoreMatrix.of(List.of("A", "B", "C").subList(0, scores.length), List.of("x", "y").subList(0, scores[0].length),
        new double[] {1, 1}, scores, states);
  }

  @Test
  void aDominantOptionIsFirstEverywhereAndEveryPairOfMethodsAgreesFully() {
    MethodComparison c = MethodComparison.of(matrix(new double[][] {{9, 9}, {5, 5}, {2, 2}}), RankingMethod.all(), MissingDataPolicy.DEFAULT);

    assertThat(c.rankings()).hasSize(RankingMethod.all().size());
    assertThat(c.borda()).containsExactly("A", "B", "C");
    assertThat(c.copeland()).containsExactly("A", "B", "C");
    assertThat(c.agreements()).hasSize(RankingMethod.all().size() * (RankingMethod.all().size() - 1) / 2)
        .allSatisfy(a -> {
          assertThat(a.spearman()).isEqualTo(1.0);
          assertThat(a.kendall()).isEqualTo(1.0);
          assertThat(a.sameWinner()).isTrue();
        });
    assertThat(c.statement()).isEqualTo("All " + RankingMethod.all().size() + " methods rank A first.");
  }

  @Test
  void methodsThatDisagreeOnTheWinnerAreNamed() {
    // A is balanced, B is extreme: the weighted sum ties or prefers B, the weighted product prefers A.
    MethodComparison c = MethodComparison.of(matrix(new double[][] {{5, 5}, {10, 1.2}}),
        List.of(RankingMethod.weightedSum(), RankingMethod.weightedProduct()), MissingDataPolicy.DEFAULT);

    assertThat(c.statement()).startsWith("Methods disagree:").contains("weighted-sum ranks B first", "weighted-product ranks A first");
    assertThat(c.agreements().getFirst().sameWinner()).isFalse();
    assertThat(c.agreements().getFirst().spearman()).isEqualTo(-1.0);
  }

  @Test
  void aMethodMayBeComparedOnlyOnceAndAtLeastOneIsNeeded() {
    ScoreMatrix m = matrix(new double[][] {{9, 9}, {5, 5}});
    assertThatThrownBy(() -> MethodComparison.of(m, List.of(), MissingDataPolicy.DEFAULT)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> MethodComparison.of(m, List.of(RankingMethod.topsis(), RankingMethod.topsis()), MissingDataPolicy.DEFAULT))
        .hasMessageContaining("names repeat");
  }
}
