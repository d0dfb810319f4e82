package dev.decisionmatrix.rank;

/**
 * COPRAS (complex proportional assessment) as defined by Zavadskas, Kaklauskas and Sarka, "The new
 * method of multicriteria complex proportional assessment of projects", <i>Technological and
 * Economic Development of Economy</i> 1(3) (1994) 131-139, in the form given by Zavadskas et al.
 * (2008): each column of scores as judged is divided by its sum and multiplied by the criterion's
 * weight (weights normalised to sum 1); an option's benefit sum {@code S+} and cost sum {@code S-}
 * add its weighted shares over benefit and cost criteria; its relative significance is {@code Q = S+
 * + sum_k S-_k / (S- * sum_k 1 / S-_k)} (just {@code S+} without cost criteria), and the score is
 * the utility degree {@code Q / Q_max} in 0..1, so the best option scores 1. A cost enters through
 * {@code S-}, never as {@code 11 - s}.
 *
 * <p>Cells without a score are left out of the column sums and of that option's {@code S+} and
 * {@code S-}, which are then divided by the share of the total weight the option was scored on, so
 * an unscored cell neither helps nor hurts; failed and missing cells make it provisional. An option
 * with no score at all is not ranked, nor is one that has no scored cost criterion when the matrix
 * has cost criteria (its {@code Q} would divide by zero).
 *
 * <p>Unlike the other stock methods, adding a criterion on which every option scores the same can
 * reorder the options when it is a cost: it adds the same share to every {@code S-}, and {@code Q}
 * is not invariant under a shift of {@code S-}. That follows from the definition, not a defect.
 *
 * @param clearMargin the smallest lead in utility degree (0..1) that counts as a clear win
 */
public record Copras(double clearMargin) implements RankingMethod {

  static final Copras DEFAULT = new Copras(0.05);

  /**
   * Validates the margin.
   *
   * @throws IllegalArgumentException if not in 0..1
   */
  public Copras {
    if (!(clearMargin >= 0 && clearMargin <= 1)) {
      throw new IllegalArgumentException("copras's clearMargin is a utility-degree difference and must be between 0 and 1 but was " + clearMargin);
    }
  }

  @Override
  public String name() {
    return "copras";
  }

  @Override
  public String description() {
    return "Rewards a large share of the total benefit achieved by all options, together with a small share of their total cost.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, utility(matrix), clearMargin, "in utility degree");
  }
  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    return utility(matrix);
  }


  /** The utility degree per option; {@code NaN} for an option it cannot rank. */
  static double[] utility(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double weightSum = 0;
    boolean anyCost = false;
    double[] columnSum = new double[m];
    for (int c = 0; c < m; c++) {
      weightSum += matrix.weight(c);
      anyCost |= matrix.isCost(c);
      for (int o = 0; o < n; o++) {
        double x = matrix.raw(o, c);
        if (!Double.isNaN(x)) {
          columnSum[c] += x;
        }
      }
    }
    double[] plus = new double[n];
    double[] minus = new double[n];
    for (int o = 0; o < n; o++) {
      double used = 0;
      for (int c = 0; c < m; c++) {
        double x = matrix.raw(o, c);
        if (Double.isNaN(x)) {
          continue;
        }
        double w = matrix.weight(c) / weightSum;
        used += w;
        double share = w * x / columnSum[c];
        if (matrix.isCost(c)) {
          minus[o] += share;
        } else {
          plus[o] += share;
        }
      }
      if (used == 0 || (anyCost && minus[o] == 0)) {
        plus[o] = Double.NaN;
      } else {
        plus[o] /= used;
        minus[o] /= used;
      }
    }
    double minusSum = 0;
    double inverseSum = 0;
    for (int o = 0; o < n; o++) {
      if (!Double.isNaN(plus[o]) && anyCost) {
        minusSum += minus[o];
        inverseSum += 1 / minus[o];
      }
    }
    double[] q = new double[n];
    double best = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < n; o++) {
      q[o] = Double.isNaN(plus[o]) ? Double.NaN : anyCost ? plus[o] + minusSum / (minus[o] * inverseSum) : plus[o];
      if (!Double.isNaN(q[o])) {
        best = Math.max(best, q[o]);
      }
    }
    for (int o = 0; o < n; o++) {
      q[o] /= best;
    }
    return q;
  }
}
