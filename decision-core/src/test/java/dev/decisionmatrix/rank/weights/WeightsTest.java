package dev.decisionmatrix.rank.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightsTest {

  @Test
  void ahpReproducesSaatysLightIntensityExample() {
    // Saaty (1977), "A scaling method for priorities in hierarchical structures", J. Math. Psychol.
    // 15(3): four chairs' relative brightness; eigenvector 0.61, 0.24, 0.10, 0.05, lambda max 4.39,
    // given to two decimals. Asserted to that precision (half a unit of the last digit) except the
    // first weight: the principal eigenvector of this matrix has 0.6187 there (an independent power
    // iteration agrees to 1e-4), which the source prints as 0.61, so that one is held to 0.01.
    double[][] a = {
      {1, 5, 6, 7},
      {1.0 / 5, 1, 4, 6},
      {1.0 / 6, 1.0 / 4, 1, 4},
      {1.0 / 7, 1.0 / 6, 1.0 / 4, 1}};

    AhpResult r = Ahp.weigh(a);

    assertThat(r.weights()[0]).isCloseTo(0.61, within(0.01));
    assertThat(new double[] {r.weights()[1], r.weights()[2], r.weights()[3]}).containsExactly(new double[] {0.24, 0.10, 0.05}, within(0.005));
    assertThat(r.lambdaMax()).isCloseTo(4.39, within(0.005));
    // The exact eigenvector and eigenvalue, from an independent power iteration of the same matrix.
    assertThat(r.weights()).containsExactly(new double[] {0.6187, 0.2353, 0.1009, 0.0451}, within(1e-4));
    assertThat(r.lambdaMax()).isCloseTo(4.3907, within(1e-4));
    assertThat(r.cr()).isCloseTo(r.ci() / 0.90, within(1e-12));
    assertThat(r.consistent()).isFalse();
    assertThat(r.mostInconsistent()).isNotNull();
    assertThat(r.summary()).contains("Inconsistent").contains("most inconsistent judgment");
  }

  @Test
  void aPerfectlyConsistentMatrixHasConsistencyRatioZero() {
    double[] w = {0.5, 0.3, 0.15, 0.05};
    double[][] a = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        a[i][j] = w[i] / w[j];
      }
    }
    // w[0]/w[3] = 10 is off the scale: scale the extremes in, consistently.
    w = new double[] {0.45, 0.3, 0.15, 0.1};
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        a[i][j] = w[i] / w[j];
      }
    }

    AhpResult r = Ahp.weigh(a);

    assertThat(r.weights()).containsExactly(w, within(1e-9));
    assertThat(r.lambdaMax()).isCloseTo(4, within(1e-9));
    assertThat(r.cr()).isCloseTo(0, within(1e-9));
    assertThat(r.consistent()).isTrue();
    assertThat(r.mostInconsistent()).isNull();
  }

  @Test
  void badComparisonMatricesAreRejectedWithTheFix() {
    assertThatThrownBy(() -> Ahp.weigh(new double[][] {{1}})).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> Ahp.weigh(new double[][] {{1, 2}, {0.5}})).hasMessageContaining("square");
    assertThatThrownBy(() -> Ahp.weigh(new double[][] {{1, -2}, {0.5, 1}})).hasMessageContaining("positive");
    assertThatThrownBy(() -> Ahp.weigh(new double[][] {{1, 3}, {0.5, 1}})).hasMessageContaining("not reciprocal").hasMessageContaining("0.3333");
    assertThatThrownBy(() -> Ahp.weigh(new double[11][11])).hasMessageContaining("random index table");
  }

  @Test
  void entropyWeightsMatchXu2004() {
    // Xu (2004), EJOR 156(2): 530-532.
    double[][] x = {{30, 30, 38, 29}, {19, 54, 86, 29}, {19, 15, 85, 28.9}, {68, 70, 60, 29}};

    double[] w = ObjectiveWeights.entropy(x, new boolean[4]);

    assertThat(w).containsExactly(new double[] {0.4630, 0.3992, 0.1378, 0.0000}, within(0.00005));
  }

  @Test
  void entropyIgnoresDirectionAsInZavadskasAndPodvezko2016() {
    // Zavadskas & Podvezko (2016), IJITDM 15(2): 267-283; criteria 1 and 3 are costs.
    double[][] x = {{3.0, 100, 10, 7}, {2.5, 80, 8, 5}, {1.8, 50, 20, 11}, {2.2, 70, 12, 9}};

    double[] w = ObjectiveWeights.entropy(x, new boolean[] {true, false, true, false});

    assertThat(w).containsExactly(new double[] {0.1146, 0.1981, 0.4185, 0.2689}, within(0.00005));
  }

  @Test
  void criticWeightsMatchTusAndAdali2019() {
    // Tus & Aytac Adali (2019), Opsearch 56(2): 528-538, as reproduced in the pyrepo-mcda test suite.
    // The published weights come from normalising every column min-to-max, price included, so the
    // example is run with no cost flags; marking price as a cost changes the weights.
    double[][] x = {{5000, 3, 3, 4, 3, 2}, {680, 5, 3, 2, 2, 1}, {2000, 3, 2, 3, 4, 3}, {600, 4, 3, 1, 2, 2}, {800, 2, 4, 3, 3, 4}};

    double[] w = ObjectiveWeights.critic(x, new boolean[6]);

    assertThat(w).containsExactly(new double[] {0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, within(0.0005));
  }

  @Test
  void aConstantColumnGetsNoWeightAndWeightsSumToOne() {
    double[][] x = {{5, 1, 7}, {5, 9, 2}, {5, 4, Double.NaN}};

    double[] entropy = ObjectiveWeights.entropy(x, new boolean[3]);
    double[] critic = ObjectiveWeights.critic(x, new boolean[3]);

    assertThat(entropy[0]).isZero();
    assertThat(critic[0]).isZero();
    assertThat(entropy[0] + entropy[1] + entropy[2]).isCloseTo(1, within(1e-12));
    assertThat(critic[0] + critic[1] + critic[2]).isCloseTo(1, within(1e-12));
    assertThat(ObjectiveWeights.entropy(new double[][] {{3, 3}, {3, 3}}, new boolean[2])).containsExactly(0.5, 0.5);
  }

  @Test
  void rankOrderCentroidMatchesBarronAndBarrett() {
    assertThat(RankWeights.rankOrderCentroid(1, 2, 3)).containsExactly(new double[] {0.6111, 0.2778, 0.1111}, within(0.00005));
    assertThat(RankWeights.rankOrderCentroid(1, 2, 3, 4)).containsExactly(new double[] {0.5208, 0.2708, 0.1458, 0.0625}, within(0.00005));
    assertThat(RankWeights.rankOrderCentroid(1, 2, 3, 4, 5))
        .containsExactly(new double[] {0.4567, 0.2567, 0.1567, 0.0900, 0.0400}, within(0.00005));
    assertThat(RankWeights.rankOrderCentroid(2, 1, 2)).containsExactly(new double[] {(0.2778 + 0.1111) / 2, 0.6111, (0.2778 + 0.1111) / 2}, within(0.00005));
  }

  @Test
  void swingWeightsAreThePointsNormalised() {
    assertThat(RankWeights.swing(100, 50, 50)).containsExactly(0.5, 0.25, 0.25);
    assertThatThrownBy(() -> RankWeights.swing(80, 50)).hasMessageContaining("no criterion has 100");
    assertThatThrownBy(() -> RankWeights.swing(100, 150)).hasMessageContaining("0..100");
  }
}
