package dev.decisionmatrix.rank.weights;

/**
 * Weights from simple statements of importance, for when people can order the criteria or say how
 * much swinging each from its worst to its best level is worth, but not give numbers directly.
 *
 * <p><b>Rank-order centroid</b> (Barron and Barrett, "Decision quality using ranked attribute
 * weights", <i>Management Science</i> 42(11), 1996): the criterion in position {@code k} of {@code
 * n} gets {@code w_k = (1/n) sum_{i=k..n} 1/i}, the centroid of all weight vectors consistent with
 * the order. Ties are allowed: criteria that share a rank occupy consecutive positions and each
 * gets the mean of those positions' centroid weights, so the weights still sum to 1.
 *
 * <p><b>SWING</b> (von Winterfeldt and Edwards, <i>Decision Analysis and Behavioral Research</i>,
 * Cambridge University Press, 1986): the swing people value most gets 100 points, every other swing
 * 0..100 points relative to it; the weights are the points normalised to sum 1.
 */
public final class RankWeights {

  private RankWeights() {}

  /**
   * Rank-order centroid weights.
   *
   * @param ranks one rank per criterion, in criterion order: 1 for the most important, larger for
   *     less; tied criteria share a rank (1, 2, 2, 4 and 1, 2, 2, 3 both mean "second place shared")
   * @return one weight per criterion, in criterion order, summing to 1
   * @throws IllegalArgumentException if there are no ranks or one is below 1
   */
  public static double[] rankOrderCentroid(int... ranks) {
    int n = ranks.length;
    if (n == 0) {
      throw new IllegalArgumentException("rank-order centroid needs at least one criterion's rank but got none");
    }
    for (int i = 0; i < n; i++) {
      if (ranks[i] < 1) {
        throw new IllegalArgumentException("rank of criterion " + i + " must be 1 (most important) or more but was " + ranks[i]);
      }
    }
    double[] centroid = new double[n];
    double tail = 0;
    for (int k = n; k >= 1; k--) {
      tail += 1.0 / k;
      centroid[k - 1] = tail / n;
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      int better = 0;
      int same = 0;
      for (int r : ranks) {
        if (r < ranks[i]) {
          better++;
        } else if (r == ranks[i]) {
          same++;
        }
      }
      double sum = 0;
      for (int p = better; p < better + same; p++) {
        sum += centroid[p];
      }
      w[i] = sum / same;
    }
    return w;
  }

  /**
   * SWING weights.
   *
   * @param points one score per criterion in 0..100 for swinging it from its worst to its best
   *     level; the most valued swing must have exactly 100
   * @return one weight per criterion, summing to 1
   * @throws IllegalArgumentException if there are no points, one is outside 0..100, or none is 100
   */
  public static double[] swing(double... points) {
    if (points.length == 0) {
      throw new IllegalArgumentException("SWING needs at least one criterion's points but got none");
    }
    double sum = 0;
    boolean top = false;
    for (int i = 0; i < points.length; i++) {
      double p = points[i];
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException("swing points of criterion " + i + " must be in 0..100 but were " + p);
      }
      top |= p == 100;
      sum += p;
    }
    if (!top) {
      throw new IllegalArgumentException("SWING gives the most valued swing 100 points and the others less, but no criterion has 100;"
          + " give 100 to the swing that matters most and rate the others against it");
    }
    double[] w = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      w[i] = points[i] / sum;
    }
    return w;
  }
}
