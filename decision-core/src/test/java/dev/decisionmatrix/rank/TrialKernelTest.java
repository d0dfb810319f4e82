package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every fast Monte Carlo kernel scores a trial as its method's own optionScores does, on random matrices. */
class TrialKernelTest {

  private record Case(ScoreMatrix matrix, double[] values, double[] halfRange, boolean noisy) {}

  private static Case randomCase(SplittableRandom random, boolean complete, boolean noisy, boolean integerScores) {
    int n = 1 + random.nextInt(12);
    int m = 1 + random.nextInt(7);
    List<String> options = new ArrayList<>();
    List<String> criteria = new ArrayList<>();
    for (int o = 0; o < n; o++) {
      options.add("O" + o);
    }
    for (int c = 0; c < m; c++) {
      criteria.add("C" + c);
    }
    double[] weights = new double[m];
    boolean[] cost = new boolean[m];
    double[][] scores = new double[n][m];
    double[][] spreads = new double[n][m];
    CellState[][] states = new CellState[n][m];
    for (int c = 0; c < m; c++) {
      weights[c] = 0.1 + random.nextDouble() * 9.9;
      cost[c] = random.nextInt(3) == 0;
    }
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        boolean scored = complete || random.nextInt(5) > 0;
        states[o][c] = scored ? CellState.SCORED : CellState.values()[1 + random.nextInt(CellState.values().length - 1)];
        scores[o][c] = scored ? (integerScores ? 1 + random.nextInt(10) : 1 + random.nextDouble() * 9) : Double.NaN;
        spreads[o][c] = noisy && scored && random.nextBoolean() ? random.nextDouble() * 4 : 0;
      }
    }
    ScoreMatrix matrix = ScoreMatrix.of(options, criteria, weights, scores, states, cost).withSampleSpreads(spreads);
    double[] values = new double[n * m];
    double[] halfRange = new double[n * m];
    boolean anyNoise = false;
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        values[o * m + c] = matrix.value(o, c);
        halfRange[o * m + c] = matrix.sampleSpread(o, c) / 2;
        anyNoise |= halfRange[o * m + c] > 0;
      }
    }
    return new Case(matrix, values, halfRange, anyNoise);
  }

  private static void assertSameScores(double[] expected, double[] actual, String context) {
    assertThat(actual).as(context).hasSameSizeAs(expected);
    for (int o = 0; o < expected.length; o++) {
      if (Double.isNaN(expected[o])) {
        assertThat(actual[o]).as(context + " option " + o).isNaN();
      } else {
        assertThat(actual[o]).as(context + " option " + o).isCloseTo(expected[o], org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void everyKernelScoresLikeItsMethodOnRandomMatricesWeightsAndRedraws() {
    List<RankingMethod> methods = new ArrayList<>(RankingMethod.all());
    methods.add(new PrometheeII(PreferenceFunction.vShape(2.5)));
    methods.add(new PrometheeII(PreferenceFunction.linear(0.5, 3)));
    SplittableRandom random = new SplittableRandom(7L);
    for (int i = 0; i < 400; i++) {
      Case k = randomCase(random, random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
      for (RankingMethod method : methods) {
        TrialKernel fast = TrialKernel.of(k.matrix(), method, k.values(), k.halfRange(), k.noisy());
        TrialKernel reference = new TrialKernel.GenericKernel(k.matrix(), method, k.values(), k.halfRange(), k.noisy());
        long seed = random.nextLong();
        SplittableRandom a = new SplittableRandom(seed);
        SplittableRandom b = new SplittableRandom(seed);
        double[] w = new double[k.matrix().criterionCount()];
        double[] expected = new double[k.matrix().optionCount()];
        double[] actual = new double[k.matrix().optionCount()];
        for (int trial = 0; trial < 3; trial++) {
          for (int c = 0; c < w.length; c++) {
            w[c] = 0.05 + random.nextDouble() * 10;
          }
          reference.score(w, a, expected);
          fast.score(w, b, actual);
          assertSameScores(expected, actual, method.name() + " case " + i + " trial " + trial + " (" + fast.getClass().getSimpleName() + ")");
        }
      }
    }
  }

  @Test
  void prometheeNetFlowsByDistinctValuesEqualThePairwiseSum() {
    SplittableRandom random = new SplittableRandom(11L);
    List<PreferenceFunction> functions = List.of(PreferenceFunction.usual(), PreferenceFunction.vShape(3), PreferenceFunction.linear(1, 4));
    for (int i = 0; i < 300; i++) {
      Case k = randomCase(random, true, false, random.nextBoolean());
      PrometheeII method = new PrometheeII(functions.get(i % functions.size()));
      ScoreMatrix matrix = k.matrix();
      int n = matrix.optionCount();
      int m = matrix.criterionCount();
      double weightSum = 0;
      for (int c = 0; c < m; c++) {
        weightSum += matrix.weight(c);
      }
      double[] pairwise = new double[n];
      for (int a = 0; a < n; a++) {
        double flow = 0;
        for (int b = 0; b < n; b++) {
          for (int c = 0; c < m; c++) {
            double sign = matrix.isCost(c) ? -1 : 1;
            double d = sign * (matrix.raw(a, c) - matrix.raw(b, c));
            flow += matrix.weight(c) / weightSum * (method.defaultFunction().preference(d) - method.defaultFunction().preference(-d));
          }
        }
        pairwise[a] = n < 2 ? 0 : flow / (n - 1);
      }
      assertSameScores(pairwise, method.optionScores(matrix), "case " + i);
    }
  }

  /** The flip scans' one-weight scorers agree with a full re-scoring at every scanned weight. */
  @Test
  void everyOneWeightScorerScoresLikeAFullTrialWithThatWeightChanged() {
    List<RankingMethod> methods = new ArrayList<>(RankingMethod.all());
    methods.add(new PrometheeII(PreferenceFunction.vShape(2.5)));
    SplittableRandom random = new SplittableRandom(11L);
    for (int i = 0; i < 300; i++) {
      Case k = randomCase(random, random.nextBoolean(), false, random.nextBoolean());
      double[] weights = k.matrix().weights();
      int c = random.nextInt(weights.length);
      for (RankingMethod method : methods) {
        TrialKernel fast = TrialKernel.of(k.matrix(), method, k.values(), new double[k.values().length], false);
        TrialKernel.OneWeight scorer = fast.oneWeight(weights, c);
        TrialKernel reference = new TrialKernel.GenericKernel(k.matrix(), method, k.values(), new double[k.values().length], false);
        for (double w : new double[] {0.1, weights[c], 0.1 + random.nextDouble() * 9.9, 10}) {
          double[] changed = weights.clone();
          changed[c] = w;
          double[] expected = new double[k.matrix().optionCount()];
          reference.score(changed, new SplittableRandom(0), expected);
          double[] actual = new double[expected.length];
          scorer.score(w, actual);
          assertSameScores(expected, actual, method.name() + " case " + i + " criterion " + c + " weight " + w);
        }
      }
    }
  }
}
