package dev.decisionmatrix.rank.weights;

import dev.decisionmatrix.rank.ScoreMatrix;
import java.util.Arrays;

/**
 * Objective weights: read off how the scores themselves vary, with no judgment from people.
 *
 * <p><b>Shannon entropy</b> (Hwang and Yoon, <i>Multiple Attribute Decision Making</i>, Springer,
 * 1981): each column is normalised to proportions {@code p_ij = x_ij / sum_i x_ij}, its entropy is
 * {@code E_j = -sum_i p_ij ln p_ij / ln n_j} (0 ln 0 = 0; {@code n_j} the column's scored cells),
 * and the weights are the diversities {@code d_j = 1 - E_j} normalised to sum 1. Entropy measures
 * spread, not direction, so it uses the scores as judged and a cost column is treated like any
 * other. Values must be non-negative.
 *
 * <p><b>CRITIC</b> (Diakoulaki, Mavrotas and Papayannakis, "Determining objective weights in
 * multiple criteria problems: the CRITIC method", <i>Computers &amp; Operations Research</i> 22(7),
 * 1995): each column is min-max normalised so that its best value is 1 and its worst 0 (benefit:
 * {@code (x - min) / (max - min)}, cost: {@code (max - x) / (max - min)}); a criterion's information
 * is {@code C_j = s_j * sum_k (1 - r_jk)}, its population standard deviation times its total
 * conflict with the other criteria (Pearson correlation {@code r}); the weights are the {@code C_j}
 * normalised to sum 1.
 *
 * <p><b>Cells without a score</b> ({@code NaN}) are left out: each column's statistics use its
 * scored cells, and each correlation the options scored on both criteria. <b>A column that does
 * not discriminate</b> (constant, or fewer than 2 scored cells) carries no information and gets
 * weight 0; its correlation with any other column counts as 0. If no column discriminates, every
 * criterion gets the same weight {@code 1/m}.
 */
public final class ObjectiveWeights {

  private ObjectiveWeights() {}

  /**
   * Entropy weights of a score matrix, from its scores as judged.
   *
   * @param matrix the scores; cells without a score are left out
   * @return one weight per criterion, summing to 1
   * @throws IllegalArgumentException if the matrix has no criteria
   */
  public static double[] entropy(ScoreMatrix matrix) {
    return entropy(columns(matrix, false), new boolean[matrix.criterionCount()]);
  }

  /**
   * Entropy weights of raw performance values.
   *
   * @param rows one row per alternative, one non-negative value or {@code NaN} per criterion
   * @param cost one flag per criterion; accepted for symmetry with {@link #critic(double[][],
   *     boolean[])} and ignored, since entropy does not depend on direction
   * @return one weight per criterion, summing to 1
   * @throws IllegalArgumentException if rows differ in length, there are no criteria, or a value is
   *     negative or infinite
   */
  public static double[] entropy(double[][] rows, boolean[] cost) {
    int m = checkShape(rows, cost);
    double[] diversity = new double[m];
    for (int c = 0; c < m; c++) {
      double sum = 0;
      int count = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < rows.length; o++) {
        double v = rows[o][c];
        if (!Double.isNaN(v)) {
          if (v < 0) {
            throw new IllegalArgumentException("entropy needs non-negative values but [" + o + "][" + c + "] was " + v);
          }
          sum += v;
          count++;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
      if (count < 2 || sum == 0 || min == max) {
        continue;
      }
      double h = 0;
      for (double[] row : rows) {
        double v = row[c];
        if (!Double.isNaN(v) && v > 0) {
          double p = v / sum;
          h -= p * Math.log(p);
        }
      }
      diversity[c] = Math.max(0, 1 - h / Math.log(count));
    }
    return normalise(diversity);
  }

  /**
   * CRITIC weights of a score matrix; cost criteria are oriented so that their best score is 1.
   *
   * @param matrix the scores; cells without a score are left out
   * @return one weight per criterion, summing to 1
   * @throws IllegalArgumentException if the matrix has no criteria
   */
  public static double[] critic(ScoreMatrix matrix) {
    boolean[] cost = new boolean[matrix.criterionCount()];
    for (int c = 0; c < cost.length; c++) {
      cost[c] = matrix.isCost(c);
    }
    return critic(columns(matrix, false), cost);
  }

  /**
   * CRITIC weights of raw performance values.
   *
   * @param rows one row per alternative, one value or {@code NaN} per criterion
   * @param cost one flag per criterion: whether lower is better
   * @return one weight per criterion, summing to 1
   * @throws IllegalArgumentException if rows differ in length, there are no criteria, or a value is
   *     infinite
   */
  public static double[] critic(double[][] rows, boolean[] cost) {
    int m = checkShape(rows, cost);
    int n = rows.length;
    double[][] x = new double[m][n];
    double[] sd = new double[m];
    for (int c = 0; c < m; c++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : rows) {
        if (!Double.isNaN(row[c])) {
          min = Math.min(min, row[c]);
          max = Math.max(max, row[c]);
        }
      }
      double range = max - min;
      for (int o = 0; o < n; o++) {
        double v = rows[o][c];
        x[c][o] = Double.isNaN(v) || !(range > 0) ? Double.NaN : cost[c] ? (max - v) / range : (v - min) / range;
      }
      sd[c] = range > 0 ? standardDeviation(x[c]) : 0;
    }
    double[] information = new double[m];
    for (int c = 0; c < m; c++) {
      if (sd[c] == 0) {
        continue;
      }
      double conflict = 0;
      for (int k = 0; k < m; k++) {
        if (k != c) {
          conflict += 1 - (sd[k] == 0 ? 0 : correlation(x[c], x[k]));
        }
      }
      information[c] = sd[c] * conflict;
    }
    return normalise(information);
  }

  private static double standardDeviation(double[] v) {
    double sum = 0;
    int count = 0;
    for (double d : v) {
      if (!Double.isNaN(d)) {
        sum += d;
        count++;
      }
    }
    if (count < 2) {
      return 0;
    }
    double mean = sum / count;
    double squares = 0;
    for (double d : v) {
      if (!Double.isNaN(d)) {
        squares += (d - mean) * (d - mean);
      }
    }
    return Math.sqrt(squares / count);
  }

  /** Pearson correlation over the entries both have; 0 when it is undefined. */
  private static double correlation(double[] a, double[] b) {
    double sa = 0;
    double sb = 0;
    int count = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        sa += a[i];
        sb += b[i];
        count++;
      }
    }
    if (count < 2) {
      return 0;
    }
    double ma = sa / count;
    double mb = sb / count;
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        cov += (a[i] - ma) * (b[i] - mb);
        va += (a[i] - ma) * (a[i] - ma);
        vb += (b[i] - mb) * (b[i] - mb);
      }
    }
    return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
  }

  private static double[] normalise(double[] v) {
    double sum = 0;
    for (double d : v) {
      sum += d;
    }
    double[] w = new double[v.length];
    if (!(sum > 0)) {
      Arrays.fill(w, 1.0 / v.length);
      return w;
    }
    for (int i = 0; i < v.length; i++) {
      w[i] = v[i] / sum;
    }
    return w;
  }

  private static double[][] columns(ScoreMatrix matrix, boolean oriented) {
    double[][] rows = new double[matrix.optionCount()][matrix.criterionCount()];
    for (int o = 0; o < rows.length; o++) {
      for (int c = 0; c < rows[o].length; c++) {
        rows[o][c] = oriented ? matrix.value(o, c) : matrix.raw(o, c);
      }
    }
    return rows;
  }

  private static int checkShape(double[][] rows, boolean[] cost) {
    int m = cost.length;
    if (m == 0) {
      throw new IllegalArgumentException("objective weights need at least one criterion but there were none");
    }
    for (int o = 0; o < rows.length; o++) {
      if (rows[o].length != m) {
        throw new IllegalArgumentException("row " + o + " has " + rows[o].length + " values but there are " + m + " criteria");
      }
      for (int c = 0; c < m; c++) {
        if (Double.isInfinite(rows[o][c])) {
          throw new IllegalArgumentException("value [" + o + "][" + c + "] must be finite (or NaN for no score) but was " + rows[o][c]);
        }
      }
    }
    return m;
  }
}
