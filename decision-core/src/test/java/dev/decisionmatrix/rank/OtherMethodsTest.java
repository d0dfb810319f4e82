package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OtherMethodsTest {

  private static final CellState S = CellState.SCORED;

  @Test
  void weightedProductIsTheWeightedGeometricMean() {
    ScoreMatrix m = ScoreMatrix.of(List.of("Steady", "Spiky"), List.of("x", "y"), new double[] {1, 1},
        new double[][] {{5, 5}, {1, 10}}, new CellState[][] {{S, S}, {S, S}});

    Ranking product = RankingMethod.weightedProduct().rank(m);
    Ranking sum = RankingMethod.weightedSum().rank(m);

    assertThat(product.option("Steady").orElseThrow().score()).isCloseTo(5, within(1e-12));
    assertThat(product.option("Spiky").orElseThrow().score()).isCloseTo(Math.sqrt(10), within(1e-12));
    assertThat(product.options().getFirst().name()).isEqualTo("Steady");
    assertThat(sum.options().getFirst().name()).isEqualTo("Spiky");
  }

  @Test
  void topsisMatchesAHandComputedExample() {
    // Equal weights (0.5 each). Column norms: sqrt(4^2+8^2) and sqrt(6^2+2^2).
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B"), List.of("x", "y"), new double[] {1, 1},
        new double[][] {{4, 6}, {8, 2}}, new CellState[][] {{S, S}, {S, S}});
    double n1 = Math.sqrt(80);
    double n2 = Math.sqrt(40);
    double ax = 0.5 * 4 / n1;
    double ay = 0.5 * 6 / n2;
    double bx = 0.5 * 8 / n1;
    double by = 0.5 * 2 / n2;
    double aPlus = Math.hypot(ax - bx, ay - ay);
    double aMinus = Math.hypot(ax - ax, ay - by);
    double bPlus = Math.hypot(bx - bx, by - ay);
    double bMinus = Math.hypot(bx - ax, by - by);

    Ranking r = RankingMethod.topsis().rank(m);

    assertThat(r.option("A").orElseThrow().score()).isCloseTo(aMinus / (aPlus + aMinus), within(1e-12));
    assertThat(r.option("B").orElseThrow().score()).isCloseTo(bMinus / (bPlus + bMinus), within(1e-12));
    assertThat(r.method()).isEqualTo("topsis");
  }

  @Test
  void methodsAreFoundByName() {
    assertThat(RankingMethod.byName("Weighted_Sum").name()).isEqualTo("weighted-sum");
    assertThat(RankingMethod.byName("topsis").name()).isEqualTo("topsis");
    assertThatThrownBy(() -> RankingMethod.byName("borda")).hasMessageContaining("weighted-sum, weighted-product or topsis");
  }
}
