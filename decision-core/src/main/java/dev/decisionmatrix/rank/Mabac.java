package dev.decisionmatrix.rank;

/**
 * MABAC (multi-attributive border approximation area comparison) as defined by Pamucar and Cirovic,
 * "The selection of transport and handling resources in logistics centers using Multi-Attributive
 * Border Approximation area Comparison (MABAC)", <i>Expert Systems with Applications</i> 42(6)
 * (2015) 3016-3028: each column of scores as judged is min-max normalised, {@code t = (x - min) /
 * (max - min)} for a benefit and {@code (x - max) / (min - max)} for a cost; the weighted matrix is
 * {@code v = w (t + 1)} (weights normalised to sum 1); the border approximation area of a criterion
 * is the geometric mean {@code g} of its column of {@code v}; an option's score is its total
 * distance from the border, {@code S = sum_j (v_j - g_j)}: positive above the border, negative
 * below. A criterion on which every option scores the same lies on the border for all and adds 0.
 *
 * <p>Cells without a score are left out of the border and of that option's sum, which is then
 * divided by the share of the total weight it was scored on, so an unscored cell neither helps nor
 * hurts; failed and missing cells make it provisional. An option with no score at all is not
 * ranked.
 *
 * @param clearMargin the smallest lead in distance from the border that counts as a clear win
 */
public record Mabac(double clearMargin) implements RankingMethod {

  static final Mabac DEFAULT = new Mabac(0.05);

  /**
   * Validates the margin.
   *
   * @throws IllegalArgumentException if not in 0..2
   */
  public Mabac {
    if (!(clearMargin >= 0 && clearMargin <= 2)) {
      throw new IllegalArgumentException("mabac's clearMargin is a difference in distance from the border and must be between 0 and 2 but was "
          + clearMargin);
    }
  }

  @Override
  public String name() {
    return "mabac";
  }

  @Override
  public String description() {
    return "Rewards lying above the typical (geometric mean) option on many criteria, by as much of each criterion's range as possible.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, distances(matrix), clearMargin, "in distance from the border");
  }
  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    return distances(matrix);
  }


  /** The total distance from the border per option; {@code NaN} for an option without any score. */
  static double[] distances(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double weightSum = 0;
    for (int c = 0; c < m; c++) {
      weightSum += matrix.weight(c);
    }
    double[] min = new double[m];
    double[] max = new double[m];
    double[] border = new double[m];
    for (int c = 0; c < m; c++) {
      min[c] = Double.POSITIVE_INFINITY;
      max[c] = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < n; o++) {
        double x = matrix.raw(o, c);
        if (!Double.isNaN(x)) {
          min[c] = Math.min(min[c], x);
          max[c] = Math.max(max[c], x);
        }
      }
      double logSum = 0;
      int count = 0;
      for (int o = 0; o < n; o++) {
        double v = weighted(matrix, o, c, min[c], max[c], weightSum);
        if (!Double.isNaN(v)) {
          logSum += Math.log(v);
          count++;
        }
      }
      border[c] = count == 0 ? Double.NaN : Math.exp(logSum / count);
    }
    double[] out = new double[n];
    for (int o = 0; o < n; o++) {
      double sum = 0;
      double used = 0;
      for (int c = 0; c < m; c++) {
        double v = weighted(matrix, o, c, min[c], max[c], weightSum);
        if (!Double.isNaN(v)) {
          sum += v - border[c];
          used += matrix.weight(c) / weightSum;
        }
      }
      out[o] = used == 0 ? Double.NaN : sum / used;
    }
    return out;
  }

  private static double weighted(ScoreMatrix matrix, int o, int c, double min, double max, double weightSum) {
    double x = matrix.raw(o, c);
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double t = max == min ? 0 : matrix.isCost(c) ? (x - max) / (min - max) : (x - min) / (max - min);
    return matrix.weight(c) / weightSum * (t + 1);
  }
}
