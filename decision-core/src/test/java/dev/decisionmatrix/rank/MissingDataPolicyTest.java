package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What cells without a score count as, and why a lead that depends on it is never called clear. */
class MissingDataPolicyTest {

  private static final CellState S = CellState.SCORED;
  private static final CellState A = CellState.ABSTAINED;
  private static final CellState F = CellState.FAILED;
  private static final CellState M = CellState.MISSING;
  private static final double N = Double.NaN;
  // The classic three; the newer methods are checked by their own invariant suite (RankingMethodInvariantsTest).
  private static final List<RankingMethod> METHODS = List.of(RankingMethod.weightedSum(), RankingMethod.weightedProduct(), RankingMethod.topsis());

  private static ScoreMatrix matrix(double[] weights, double[][] scores, CellState[][] states) {
    List<String> options = IntStream.range(0, scores.length).mapToObj(i -> "O" + i).toList();
    List<String> criteria = IntStream.range(0, weights.length).mapToObj(i -> "c" + i).toList();
    return ScoreMatrix.of(options, criteria, weights, scores, states);
  }

  private static ScoreMatrix equalWeights(double[][] scores, CellState[][] states) {
    double[] w = new double[scores[0].length];
    Arrays.fill(w, 1);
    return matrix(w, scores, states);
  }

  @Test
  void theDefaultIsWorstCase() {
    assertThat(MissingDataPolicy.DEFAULT).isEqualTo(MissingDataPolicy.WORST);
  }

  @Test
  void eachPolicyFillsAnAbstainedCellAsItsRuleSays() {
    ScoreMatrix m = equalWeights(new double[][] {{8, N}, {6, 2}, {4, 9}}, new CellState[][] {{S, A}, {S, S}, {S, S}});

    assertThat(m.imputed(MissingDataPolicy.EXCLUDE).value(0, 1)).isNaN();
    assertThat(m.imputed(MissingDataPolicy.NEUTRAL).value(0, 1)).isEqualTo(5.5);
    assertThat(m.imputed(MissingDataPolicy.WORST).value(0, 1)).isEqualTo(2);
    assertThat(m.imputed(MissingDataPolicy.MEAN).value(0, 1)).isEqualTo(5.5);
    assertThat(m.imputed(MissingDataPolicy.WORST).state(0, 1)).isEqualTo(CellState.ABSTAINED);
    assertThat(m.imputed(MissingDataPolicy.WORST).value(1, 1)).isEqualTo(2);
  }

  @Test
  void worstCaseOnACostCriterionIsTheHighestCost() {
    ScoreMatrix m = ScoreMatrix.of(List.of("A", "B", "C"), List.of("price", "speed"), new double[] {1, 1},
        new double[][] {{N, 5}, {3, 5}, {8, 5}}, new CellState[][] {{A, S}, {S, S}, {S, S}}, new boolean[] {true, false});

    ScoreMatrix worst = m.imputed(MissingDataPolicy.WORST);

    assertThat(worst.raw(0, 0)).isEqualTo(8);
    assertThat(worst.value(0, 0)).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(MissingDataPolicy.class)
  void anOptionWithoutAnyScoreStaysUnrankedUnderEveryPolicy(MissingDataPolicy policy) {
    ScoreMatrix m = equalWeights(new double[][] {{8, 4}, {N, N}}, new CellState[][] {{S, S}, {M, M}});

    Ranking r = RankingMethod.weightedSum().rank(m, policy);

    assertThat(r.option("O1").orElseThrow().isRanked()).isFalse();
    assertThat(r.missingData()).isEqualTo(policy);
  }

  @ParameterizedTest
  @EnumSource(MissingDataPolicy.class)
  void aCriterionWithoutAnyScoreStaysEmptyUnderEveryPolicy(MissingDataPolicy policy) {
    ScoreMatrix m = equalWeights(new double[][] {{8, N}, {6, N}}, new CellState[][] {{S, A}, {S, F}});

    ScoreMatrix filled = m.imputed(policy);

    assertThat(filled.value(0, 1)).isNaN();
    assertThat(filled.value(1, 1)).isNaN();
    assertThat(m.hasFillableCells()).isFalse();
  }

  @Test
  void imputingAnImputedMatrixStartsFromTheScoresAsJudged() {
    ScoreMatrix m = equalWeights(new double[][] {{8, N}, {6, 2}}, new CellState[][] {{S, A}, {S, S}});

    ScoreMatrix twice = m.imputed(MissingDataPolicy.NEUTRAL).imputed(MissingDataPolicy.WORST);

    assertThat(twice.value(0, 1)).isEqualTo(2);
    assertThat(twice.missingData()).isEqualTo(MissingDataPolicy.WORST);
    assertThat(twice.withWeights(new double[] {1, 3}).value(0, 1)).isEqualTo(2);
  }

  @Test
  void byDefaultAnOptionBeatenOnEverySharedCriterionDoesNotRankFirstByAbstaining() {
    // B is beaten by A on both criteria they share and abstains where A is weak. Left out, the
    // abstention lifts B to first place (9.0 vs 6.33); counted as the worst score, it cannot.
    ScoreMatrix m = equalWeights(new double[][] {{10, 7, 2}, {9, 6, N}}, new CellState[][] {{S, S, S}, {S, S, A}});

    assertThat(RankingMethod.weightedSum().rank(m, MissingDataPolicy.EXCLUDE).recommendation().leaders()).containsExactly("O1");
    Ranking byDefault = RankingMethod.weightedSum().rank(m, MissingDataPolicy.DEFAULT);

    assertThat(byDefault.recommendation().leaders()).containsExactly("O0");
    assertThat(byDefault.recommendation().verdict()).isNotEqualTo(Verdict.CLEAR_WINNER);
  }

  @Test
  void aLeadThatChangesUnderAnotherPolicyIsNeverCalledClearAndTheSummaryNamesThePolicy() {
    // Under worst-case, O0 leads by 0.67 points (8.00 vs 7.33); left out, O1's abstention makes it
    // the leader (10.00 vs 8.00).
    ScoreMatrix m = equalWeights(new double[][] {{9, 9, 6}, {10, 10, N}, {3, 3, 2}}, new CellState[][] {{S, S, S}, {S, S, A}, {S, S, S}});

    Ranking r = RankingMethod.weightedSum().rank(m, MissingDataPolicy.WORST);

    assertThat(r.recommendation().leaders()).containsExactly("O0");
    assertThat(r.recommendation().margin()).isGreaterThan(0.5);
    assertThat(r.recommendation().verdict()).isEqualTo(Verdict.CLOSE);
    assertThat(r.recommendation().summary())
        .contains("O0 leads O1", "worst score on that criterion (worst)", "(exclude), O1 leads", "not clear")
        .doesNotContain("clear winner");
  }

  @Test
  void aLeadThatHoldsUnderEveryPolicyIsStillClear() {
    ScoreMatrix m = equalWeights(new double[][] {{9, 9, 9}, {3, 3, N}, {2, 2, 2}}, new CellState[][] {{S, S, S}, {S, S, A}, {S, S, S}});

    Ranking r = RankingMethod.weightedSum().rank(m, MissingDataPolicy.WORST);

    assertThat(r.recommendation().verdict()).isEqualTo(Verdict.CLEAR_WINNER);
  }

  @ParameterizedTest
  @EnumSource(MissingDataPolicy.class)
  void aCompleteMatrixRanksTheSameUnderEveryPolicy(MissingDataPolicy policy) {
    ScoreMatrix m = equalWeights(new double[][] {{9, 2}, {5, 6}}, new CellState[][] {{S, S}, {S, S}});

    for (RankingMethod method : METHODS) {
      assertThat(method.rank(m, policy).recommendation()).isEqualTo(method.rank(m).recommendation());
    }
  }

  static Stream<Arguments> seeds() {
    return LongStream.rangeClosed(1, 200).mapToObj(Arguments::of);
  }

  /** A random matrix of 2-6 options x 2-6 criteria, about a fifth of its cells abstained or failed. */
  private static ScoreMatrix randomWithGaps(SplittableRandom random, int extraConstantColumn) {
    int n = 2 + random.nextInt(5);
    int m = 2 + random.nextInt(5);
    double[] weights = new double[m + extraConstantColumn];
    double[][] scores = new double[n][m + extraConstantColumn];
    CellState[][] states = new CellState[n][m + extraConstantColumn];
    for (int c = 0; c < weights.length; c++) {
      weights[c] = 1 + random.nextInt(10);
    }
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        int roll = random.nextInt(10);
        states[o][c] = roll == 0 ? A : roll == 1 ? F : S;
        scores[o][c] = states[o][c] == S ? 1 + random.nextInt(10) : N;
      }
      if (states[o][0] != S && Arrays.stream(states[o], 0, m).noneMatch(st -> st == S)) {
        states[o][0] = S;
        scores[o][0] = 1 + random.nextInt(10);
      }
      if (extraConstantColumn == 1) {
        states[o][m] = S;
        scores[o][m] = 7;
      }
    }
    return matrix(weights, scores, states);
  }

  private static ScoreMatrix dropLastColumn(ScoreMatrix m) {
    int n = m.optionCount();
    int k = m.criterionCount() - 1;
    double[][] scores = new double[n][k];
    CellState[][] states = new CellState[n][k];
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < k; c++) {
        scores[o][c] = m.value(o, c);
        states[o][c] = m.state(o, c);
      }
    }
    return matrix(Arrays.copyOf(m.weights(), k), scores, states);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void byDefaultAddingACriterionOnWhichEveryOptionTiesNeverChangesTheLeader(long seed) {
    ScoreMatrix with = randomWithGaps(new SplittableRandom(seed), 1);
    ScoreMatrix without = dropLastColumn(with);

    for (RankingMethod method : METHODS) {
      assertThat(method.rank(with, MissingDataPolicy.DEFAULT).recommendation().leaders())
          .as("%s, seed %d", method.name(), seed)
          .isEqualTo(method.rank(without, MissingDataPolicy.DEFAULT).recommendation().leaders());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void byDefaultAnOptionNeverOutranksOneThatBeatsItOnEveryCriterionItWasScoredOn(long seed) {
    ScoreMatrix m = randomWithGaps(new SplittableRandom(seed), 0);
    double[] scores = WeightedSum.scores(m.imputed(MissingDataPolicy.DEFAULT));

    for (int a = 0; a < m.optionCount(); a++) {
      for (int b = 0; b < m.optionCount(); b++) {
        if (a != b && beatsOnEveryCriterionScored(m, a, b)) {
          assertThat(scores[a]).as("seed %d: O%d beats O%d wherever O%d was scored", seed, a, b, b).isGreaterThan(scores[b]);
        }
      }
    }
  }

  /** Whether {@code a} has a score wherever {@code b} has one, and a higher one, and {@code b} has some score. */
  private static boolean beatsOnEveryCriterionScored(ScoreMatrix m, int a, int b) {
    boolean any = false;
    for (int c = 0; c < m.criterionCount(); c++) {
      if (m.state(b, c) == S) {
        if (m.state(a, c) != S || !(m.value(a, c) > m.value(b, c))) {
          return false;
        }
        any = true;
      } else if (m.state(a, c) != S) {
        return false;
      }
    }
    return any;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aClearLeadNeverDependsOnThePolicyOrRestsOnFewerCriteriaThanTheRunnerUp(long seed) {
    ScoreMatrix m = randomWithGaps(new SplittableRandom(seed), 0);

    for (RankingMethod method : METHODS) {
      for (MissingDataPolicy policy : MissingDataPolicy.values()) {
        Ranking r = method.rank(m, policy);
        if (r.recommendation().verdict() != Verdict.CLEAR_WINNER) {
          continue;
        }
        List<String> others = new ArrayList<>();
        for (MissingDataPolicy other : MissingDataPolicy.values()) {
          others.addAll(method.rank(m.imputed(other)).recommendation().leaders());
        }
        String leader = r.recommendation().leaders().getFirst();
        assertThat(others).as("%s/%s seed %d", method.name(), policy.id(), seed).containsOnly(leader);
        RankedOption first = r.option(leader).orElseThrow();
        RankedOption second = r.option(r.recommendation().runnerUp()).orElseThrow();
        assertThat(first.scored()).isGreaterThanOrEqualTo(second.scored());
      }
    }
  }

  @Test
  void policiesAreFoundByNameAndAnUnknownNameListsTheKnownOnes() {
    assertThat(MissingDataPolicy.byName(" Worst-Case ")).isEqualTo(MissingDataPolicy.WORST);
    assertThat(MissingDataPolicy.byName("criterion_mean")).isEqualTo(MissingDataPolicy.MEAN);
    assertThat(MissingDataPolicy.byName("midpoint")).isEqualTo(MissingDataPolicy.NEUTRAL);
    assertThatThrownBy(() -> MissingDataPolicy.byName("zero"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"zero\"")
        .hasMessageContaining("exclude, neutral, worst, mean");
  }

  @Test
  void theMeanPolicyUsesOnlyScoredCells() {
    ScoreMatrix m = equalWeights(new double[][] {{N, 1}, {4, 1}, {N, 1}, {8, 1}, {9, 1}}, new CellState[][] {{A, S}, {S, S}, {F, S}, {S, S}, {S, S}});

    assertThat(m.imputed(MissingDataPolicy.MEAN).value(0, 0)).isCloseTo(7, within(1e-12));
    assertThat(m.imputed(MissingDataPolicy.MEAN).value(2, 0)).isCloseTo(7, within(1e-12));
  }
}
