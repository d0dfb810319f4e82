package dev.decisionmatrix.rank;

import java.util.Arrays;

/**
 * PROMETHEE II's net flows of a complete matrix, criterion by criterion. On one criterion an
 * option's flow {@code sum_b P(x_a - x_b) - P(x_b - x_a)} depends only on its value, so it is
 * computed once per distinct value, weighted by how many options share each value: judged scores
 * take few distinct values (1..10 in halves), which turns the {@code n^2} pairs of a column into
 * at most a few hundred preference evaluations. With all values distinct it is the pairwise sum.
 */
final class PrometheeFlows {

  private PrometheeFlows() {}

  /** Whether every cell has a value, so every pair of options shares every criterion. */
  static boolean complete(ScoreMatrix matrix) {
    for (int o = 0; o < matrix.optionCount(); o++) {
      for (int c = 0; c < matrix.criterionCount(); c++) {
        if (Double.isNaN(matrix.raw(o, c))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Per option and criterion, the option's flow on that criterion divided by {@code n - 1}
   * (row-major, {@code [o * m + c]}), so that the net flow is {@code sum_c (w_c / W) part}.
   * Only for a complete matrix.
   */
  static double[] perCriterion(PrometheeII method, ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    PreferenceFunction[] functions = method.functions(matrix);
    double[] parts = new double[n * m];
    if (n < 2) {
      return parts;
    }
    double[] column = new double[n];
    double[] distinct = new double[n];
    int[] counts = new int[n];
    double[] flow = new double[n];
    for (int c = 0; c < m; c++) {
      PreferenceFunction p = functions[c];
      double sign = matrix.isCost(c) ? -1 : 1;
      for (int o = 0; o < n; o++) {
        column[o] = sign * matrix.raw(o, c);
      }
      double[] sorted = column.clone();
      Arrays.sort(sorted);
      int u = 0;
      for (int i = 0; i < n; i++) {
        if (u > 0 && sorted[i] == distinct[u - 1]) {
          counts[u - 1]++;
        } else {
          distinct[u] = sorted[i];
          counts[u] = 1;
          u++;
        }
      }
      for (int i = 0; i < u; i++) {
        double f = 0;
        for (int j = 0; j < u; j++) {
          if (j != i) {
            double d = distinct[i] - distinct[j];
            f += counts[j] * (p.preference(d) - p.preference(-d));
          }
        }
        flow[i] = f / (n - 1);
      }
      for (int o = 0; o < n; o++) {
        parts[o * m + c] = flow[Arrays.binarySearch(distinct, 0, u, column[o])];
      }
    }
    return parts;
  }

  /** The net flows of a complete matrix: {@code sum_c (w_c / W) part[o][c]}. */
  static double[] netFlows(PrometheeII method, ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] parts = perCriterion(method, matrix);
    double weightSum = 0;
    for (int c = 0; c < m; c++) {
      weightSum += matrix.weight(c);
    }
    double[] net = new double[n];
    for (int o = 0; o < n; o++) {
      double sum = 0;
      for (int c = 0; c < m; c++) {
        sum += matrix.weight(c) * parts[o * m + c];
      }
      net[o] = sum / weightSum;
    }
    return net;
  }
}
