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
    assertThatThrownBy(() -> RankingMethod.byName("borda")).hasMessageContaining("weighted-sum, weighted-product, topsis, vikor, promethee-ii, copras, edas, mabac");
  }

  @Test
  void weightedProductGivesACostCriterionANegativeExponentAsItsDefinitionPrescribes() {
    // Triantaphyllou (2000), ch. 2.3: P = prod a_j^(w_j) over benefits * prod a_j^(-w_j) over costs.
    // Equal weights 0.5. Cheap: quality 4, cost 2; Pricey: quality 9, cost 6.
    ScoreMatrix m = ScoreMatrix.of(List.of("Cheap", "Pricey"), List.of("quality", "cost"), new double[] {1, 1},
        new double[][] {{4, 2}, {9, 6}}, new CellState[][] {{S, S}, {S, S}}, new boolean[] {false, true});

    Ranking r = RankingMethod.weightedProduct().rank(m);

    assertThat(r.option("Cheap").orElseThrow().score()).isCloseTo(Math.sqrt(4) / Math.sqrt(2), within(1e-12));
    assertThat(r.option("Pricey").orElseThrow().score()).isCloseTo(Math.sqrt(9) / Math.sqrt(6), within(1e-12));
    // The 11 - s transform would rank Pricey first: sqrt(9 * 5) = 6.71 > sqrt(4 * 9) = 6.
    assertThat(r.options().getFirst().name()).isEqualTo("Cheap");
    assertThat(RankingMethod.weightedSum().rank(m).option("Cheap").orElseThrow().score()).isCloseTo((4 + 9) / 2.0, within(1e-12));
  }

  @Test
  void topsisTakesTheIdealOfACostColumnAtItsMinimumOnTheScoresAsJudged() {
    // Hwang and Yoon (1981): vector-normalise the raw column; for a cost criterion the ideal is the minimum.
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B", "C"), List.of("quality", "cost"), new double[] {1, 1},
        new double[][] {{7, 2}, {9, 8}, {4, 5}}, new CellState[][] {{S, S}, {S, S}, {S, S}}, new boolean[] {false, true});
    double nq = Math.sqrt(49 + 81 + 16);
    double nc = Math.sqrt(4 + 64 + 25);
    double[][] v = {{0.5 * 7 / nq, 0.5 * 2 / nc}, {0.5 * 9 / nq, 0.5 * 8 / nc}, {0.5 * 4 / nq, 0.5 * 5 / nc}};
    double[] ideal = {v[1][0], v[0][1]};
    double[] anti = {v[2][0], v[1][1]};
    double[] closeness = new double[3];
    for (int o = 0; o < 3; o++) {
      double plus = Math.hypot(v[o][0] - ideal[0], v[o][1] - ideal[1]);
      double minus = Math.hypot(v[o][0] - anti[0], v[o][1] - anti[1]);
      closeness[o] = minus / (plus + minus);
    }

    Ranking r = RankingMethod.topsis().rank(m);

    assertThat(r.option("A").orElseThrow().score()).isCloseTo(closeness[0], within(1e-12));
    assertThat(r.option("B").orElseThrow().score()).isCloseTo(closeness[1], within(1e-12));
    assertThat(r.option("C").orElseThrow().score()).isCloseTo(closeness[2], within(1e-12));
  }

  @Test
  void aMatrixBuiltFromAnEvaluationKeepsTheScoresAsJudgedAndTheirCostFlags() {
    dev.decisionmatrix.model.Decision d = dev.decisionmatrix.model.Decision.of("T", List.of(dev.decisionmatrix.model.Option.of("A")),
        List.of(dev.decisionmatrix.model.Criterion.builder("Price").direction(dev.decisionmatrix.model.Direction.COST).build()));
    dev.decisionmatrix.engine.Evaluation e = dev.decisionmatrix.engine.Evaluation.empty(d)
        .withJudgment("A", "Price", dev.decisionmatrix.judge.Judgment.Scored.manual(3, ""));

    ScoreMatrix m = ScoreMatrix.of(e);

    assertThat(m.isCost(0)).isTrue();
    assertThat(m.raw(0, 0)).isEqualTo(3.0);
    assertThat(m.value(0, 0)).isEqualTo(8.0);
  }
}
