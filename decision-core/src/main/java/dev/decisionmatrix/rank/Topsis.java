package dev.decisionmatrix.rank;

/**
 * TOPSIS (Technique for Order of Preference by Similarity to Ideal Solution) as defined by Hwang
 * and Yoon, <i>Multiple Attribute Decision Making</i> (Springer, 1981): each criterion's column of
 * scores as judged is vector-normalised and weighted; the ideal takes each benefit column's maximum
 * and each cost column's minimum, the anti-ideal the opposite; an option's score is its relative
 * closeness {@code d- / (d+ + d-)} in 0..1, where {@code d+} and {@code d-} are its Euclidean
 * distances to the ideal and anti-ideal. Cost criteria are not turned into {@code 11 - s} first.
 * A {@linkplain ScoreMatrix#isMeasured raw-valued} criterion is vector-normalised from its values
 * as measured, so its unit does not matter.
 *
 * <p>Cells without a score (abstained, failed, missing) are left out of that option's distances:
 * it is measured on the criteria it was judged on. Failed and missing cells make it provisional.
 *
 * <p>An option at distance 0 from both the ideal and the anti-ideal (every criterion it was scored
 * on ties across the options) has an undefined closeness (0/0): it is left unranked and the
 * recommendation says why, instead of being scored 1.0 and named the winner. When that holds for
 * every scored option, they all tie at 0.5.
 *
 * @param clearMargin the smallest lead in closeness (0..1) that counts as a clear win
 */
public record Topsis(double clearMargin) implements RankingMethod {

  static final Topsis DEFAULT = new Topsis(0.05);

  /**
   * Validates the margin.
   *
   * @throws IllegalArgumentException if not in 0..1
   */
  public Topsis {
    if (!(clearMargin >= 0 && clearMargin <= 1)) {
      throw new IllegalArgumentException("clearMargin must be between 0 and 1 but was " + clearMargin);
    }
  }

  @Override
  public String name() {
    return "topsis";
  }

  @Override
  public String description() {
    return "Rewards being near the best observed score and far from the worst on every criterion at once.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, optionScores(matrix), clearMargin, "closeness");
  }

  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] norm = new double[m];
    double[] best = new double[m];
    double[] worst = new double[m];
    double weightSum = 0;
    for (int c = 0; c < m; c++) {
      weightSum += matrix.weight(c);
    }
    for (int c = 0; c < m; c++) {
      double squares = 0;
      for (int o = 0; o < n; o++) {
        double v = matrix.raw(o, c);
        if (!Double.isNaN(v)) {
          squares += v * v;
        }
      }
      norm[c] = Math.sqrt(squares);
      best[c] = Double.NEGATIVE_INFINITY;
      worst[c] = Double.POSITIVE_INFINITY;
      for (int o = 0; o < n; o++) {
        double v = weighted(matrix, o, c, norm[c], weightSum);
        if (!Double.isNaN(v)) {
          best[c] = Math.max(best[c], v);
          worst[c] = Math.min(worst[c], v);
        }
      }
      if (matrix.isCost(c)) {
        double max = best[c];
        best[c] = worst[c];
        worst[c] = max;
      }
    }
    double[] scores = new double[n];
    int undefined = 0;
    int defined = 0;
    for (int o = 0; o < n; o++) {
      double toBest = 0;
      double toWorst = 0;
      int used = 0;
      for (int c = 0; c < m; c++) {
        double v = weighted(matrix, o, c, norm[c], weightSum);
        if (!Double.isNaN(v)) {
          toBest += (v - best[c]) * (v - best[c]);
          toWorst += (v - worst[c]) * (v - worst[c]);
          used++;
        }
      }
      double dPlus = Math.sqrt(toBest);
      double dMinus = Math.sqrt(toWorst);
      if (used == 0) {
        scores[o] = Double.NaN;
      } else if (dPlus + dMinus == 0) {
        // 0/0: on every criterion it was scored on, the option is both the ideal and the anti-ideal,
        // so nothing tells it apart. Its closeness is undefined, not perfect.
        scores[o] = Double.NaN;
        undefined++;
      } else {
        scores[o] = dMinus / (dPlus + dMinus);
        defined++;
      }
    }
    if (defined == 0 && undefined > 0) {
      // Every scored option is equally close to both: a complete tie, at the midpoint.
      for (int o = 0; o < n; o++) {
        for (int c = 0; c < m; c++) {
          if (!Double.isNaN(matrix.value(o, c))) {
            scores[o] = 0.5;
            break;
          }
        }
      }
    }
    return scores;
  }

  private static double weighted(ScoreMatrix matrix, int o, int c, double norm, double weightSum) {
    double v = matrix.raw(o, c);
    return Double.isNaN(v) || norm == 0 ? Double.NaN : matrix.weight(c) / weightSum * v / norm;
  }
}
