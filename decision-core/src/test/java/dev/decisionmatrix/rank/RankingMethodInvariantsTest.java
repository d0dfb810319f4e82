package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every stock method keeps on seeded random complete matrices. */
class RankingMethodInvariantsTest {

  private static final int TRIALS = 200;

  static List<RankingMethod> methods() {
    return RankingMethod.all();
  }

  private record Input(double[][] scores, double[] weights, boolean[] cost) {
    ScoreMatrix matrix() {
      int n = scores.length;
      int m = weights.length;
      CellState[][] states = new CellState[n][m];
      for (CellState[] row : states) {
        java.util.Arrays.fill(row, CellState.SCORED);
      }
      return ScoreMatrix.of(IntStream.range(0, n).mapToObj(i -> "O" + i).toList(), IntStream.range(0, m).mapToObj(i -> "C" + i).toList(),
          weights, scores, states, cost);
    }
  }

  private static Input random(Random rnd) {
    int n = 2 + rnd.nextInt(9);
    int m = 1 + rnd.nextInt(7);
    double[][] scores = new double[n][m];
    for (double[] row : scores) {
      for (int c = 0; c < m; c++) {
        row[c] = 1 + rnd.nextInt(10);
      }
    }
    double[] weights = new double[m];
    boolean[] cost = new boolean[m];
    for (int c = 0; c < m; c++) {
      weights[c] = 0.1 + rnd.nextDouble() * 9.9;
      cost[c] = rnd.nextInt(3) == 0;
    }
    return new Input(scores, weights, cost);
  }

  private static double score(Ranking r, String option) {
    return r.option(option).orElseThrow().score();
  }

  @ParameterizedTest
  @MethodSource("methods")
  void scalingAllWeightsChangesNothing(RankingMethod method) {
    Random rnd = new Random(11);
    for (int t = 0; t < TRIALS; t++) {
      Input in = random(rnd);
      ScoreMatrix m = in.matrix();
      double factor = 0.01 + rnd.nextDouble() * 0.99;
      ScoreMatrix s = m.withWeights(IntStream.range(0, in.weights().length).mapToDouble(c -> in.weights()[c] * factor).toArray());
      Ranking a = method.rank(m);
      Ranking b = method.rank(s);
      for (String o : m.optionNames()) {
        assertThat(score(b, o)).as("%s, trial %d, %s", method.name(), t, o).isCloseTo(score(a, o), within(1e-9));
        assertThat(b.option(o).orElseThrow().rank()).isEqualTo(a.option(o).orElseThrow().rank());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void aDominatedOptionNeverRanksFirst(RankingMethod method) {
    Random rnd = new Random(23);
    for (int t = 0; t < TRIALS; t++) {
      Input in = random(rnd);
      double[][] scores = in.scores();
      int m = in.weights().length;
      // Row 1 becomes row 0 made worse on one criterion (and no better anywhere).
      scores[0] = scores[0].clone();
      int worse = rnd.nextInt(m);
      if (in.cost()[worse]) {
        scores[0][worse] = Math.min(scores[0][worse], 9);
        scores[1] = scores[0].clone();
        scores[1][worse] = scores[0][worse] + 1;
      } else {
        scores[0][worse] = Math.max(scores[0][worse], 2);
        scores[1] = scores[0].clone();
        scores[1][worse] = scores[0][worse] - 1;
      }
      Ranking r = method.rank(in.matrix());
      assertThat(r.option("O1").orElseThrow().rank()).as("%s, trial %d", method.name(), t).isNotEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void identicalOptionsTie(RankingMethod method) {
    Random rnd = new Random(37);
    for (int t = 0; t < TRIALS; t++) {
      Input in = random(rnd);
      in.scores()[1] = in.scores()[0].clone();
      Ranking r = method.rank(in.matrix());
      assertThat(r.option("O1").orElseThrow().rank()).as("%s, trial %d", method.name(), t).isEqualTo(r.option("O0").orElseThrow().rank());
      assertThat(score(r, "O1")).isCloseTo(score(r, "O0"), within(1e-12));
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void permutingTheOptionsPermutesTheResult(RankingMethod method) {
    Random rnd = new Random(41);
    for (int t = 0; t < TRIALS; t++) {
      Input in = random(rnd);
      int n = in.scores().length;
      List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
      Collections.shuffle(order, rnd);
      double[][] shuffled = new double[n][];
      for (int i = 0; i < n; i++) {
        shuffled[i] = in.scores()[order.get(i)];
      }
      Ranking a = method.rank(in.matrix());
      Ranking b = method.rank(new Input(shuffled, in.weights(), in.cost()).matrix());
      for (int i = 0; i < n; i++) {
        RankedOption moved = b.option("O" + i).orElseThrow();
        RankedOption original = a.option("O" + order.get(i)).orElseThrow();
        assertThat(moved.score()).as("%s, trial %d", method.name(), t).isCloseTo(original.score(), within(1e-9));
        assertThat(moved.rank()).isEqualTo(original.rank());
      }
    }
  }

  /**
   * Methods for which adding a criterion on which every option scores the same may change the
   * ranks by their published definition, so the tied-criterion invariant does not hold for them:
   * COPRAS adds a tied cost criterion's share to every option's S-, and its relative significance
   * {@code Q = S+ + (min S- * sum S-) / (S- * sum(min S- / S-))} is not invariant under adding a
   * constant to S- (Zavadskas, Kaklauskas and Sarka 1994). Every other stock method either ignores a
   * tied column (distances, flows, deviations from the average or the border are 0 on it) or, as
   * the weighted sum, shifts all scores by the same affine map.
   */
  private static boolean tiedCriterionMayReorder(RankingMethod method, boolean tiedIsCost) {
    return method instanceof Copras && tiedIsCost;
  }

  @ParameterizedTest
  @MethodSource("methods")
  void addingACriterionOnWhichEveryOptionTiesKeepsTheRanks(RankingMethod method) {
    Random rnd = new Random(53);
    int checked = 0;
    for (int t = 0; t < 5 * TRIALS; t++) {
      Input in = random(rnd);
      int n = in.scores().length;
      int m = in.weights().length;
      double tied = 1 + rnd.nextInt(10);
      boolean tiedIsCost = rnd.nextBoolean();
      double[][] scores = new double[n][];
      for (int o = 0; o < n; o++) {
        scores[o] = java.util.Arrays.copyOf(in.scores()[o], m + 1);
        scores[o][m] = tied;
      }
      double[] weights = java.util.Arrays.copyOf(in.weights(), m + 1);
      weights[m] = 0.1 + rnd.nextDouble() * 9.9;
      boolean[] cost = java.util.Arrays.copyOf(in.cost(), m + 1);
      cost[m] = tiedIsCost;
      if (tiedCriterionMayReorder(method, tiedIsCost)) {
        continue;
      }
      checked++;
      Ranking before = method.rank(in.matrix());
      Ranking after = method.rank(new Input(scores, weights, cost).matrix());
      for (String o : in.matrix().optionNames()) {
        assertThat(after.option(o).orElseThrow().rank()).as("%s, trial %d, %s", method.name(), t, o)
            .isEqualTo(before.option(o).orElseThrow().rank());
      }
    }
    assertThat(checked).isGreaterThan(TRIALS);
  }
}
