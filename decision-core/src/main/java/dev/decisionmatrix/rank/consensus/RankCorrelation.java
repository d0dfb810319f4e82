package dev.decisionmatrix.rank.consensus;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Rank correlation between two paired samples, with ties handled as the textbooks prescribe
 * (Kendall, <i>Rank Correlation Methods</i>, 1948): Spearman's rho is Pearson's correlation of the
 * average ranks, and Kendall's tau-b is {@code (concordant - discordant) / sqrt((n0 - t_x)(n0 -
 * t_y))} with {@code n0 = n(n-1)/2} and {@code t_x}, {@code t_y} the pairs tied in each sample.
 * Both are {@code NaN} when undefined: fewer than 2 pairs, or a sample that is all ties.
 */
public final class RankCorrelation {

  private RankCorrelation() {}

  /**
   * Ranks values ascending, tied values sharing the mean of the positions they occupy.
   *
   * @param values the values, finite
   * @return ranks 1..n, e.g. {@code {10, 20, 20}} gives {@code {1, 2.5, 2.5}}
   */
  public static double[] averageRanks(double[] values) {
    int n = values.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[n];
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double mean = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = mean;
      }
      start = end + 1;
    }
    return ranks;
  }

  /**
   * Spearman's rank correlation.
   *
   * @param x the first sample
   * @param y the second sample, paired with {@code x}
   * @return rho in -1..1, or {@code NaN} when undefined
   * @throws IllegalArgumentException if the samples differ in length
   */
  public static double spearman(double[] x, double[] y) {
    check(x, y);
    double[] rx = averageRanks(x);
    double[] ry = averageRanks(y);
    double mean = (x.length + 1) / 2.0;
    double cov = 0;
    double vx = 0;
    double vy = 0;
    for (int i = 0; i < x.length; i++) {
      cov += (rx[i] - mean) * (ry[i] - mean);
      vx += (rx[i] - mean) * (rx[i] - mean);
      vy += (ry[i] - mean) * (ry[i] - mean);
    }
    return x.length < 2 || vx == 0 || vy == 0 ? Double.NaN : cov / Math.sqrt(vx * vy);
  }

  /**
   * Kendall's tau-b.
   *
   * @param x the first sample
   * @param y the second sample, paired with {@code x}
   * @return tau-b in -1..1, or {@code NaN} when undefined
   * @throws IllegalArgumentException if the samples differ in length
   */
  public static double kendallTauB(double[] x, double[] y) {
    check(x, y);
    long concordant = 0;
    long discordant = 0;
    long tiedX = 0;
    long tiedY = 0;
    int n = x.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = Math.signum(x[i] - x[j]);
        double dy = Math.signum(y[i] - y[j]);
        if (dx == 0) {
          tiedX++;
        }
        if (dy == 0) {
          tiedY++;
        }
        if (dx * dy > 0) {
          concordant++;
        } else if (dx * dy < 0) {
          discordant++;
        }
      }
    }
    long pairs = (long) n * (n - 1) / 2;
    double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
    return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
  }

  private static void check(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("rank correlation needs paired samples but got " + x.length + " and " + y.length + " values");
    }
  }
}
