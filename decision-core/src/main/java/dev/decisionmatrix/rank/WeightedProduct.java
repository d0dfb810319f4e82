package dev.decisionmatrix.rank;

/**
 * Weighted product, normalised to a weighted geometric mean on the 1..10 scale: an option's score
 * is {@code prod(s_j ^ (w_j / sum(w)))} over the criteria it has a score on (cost criteria count
 * {@code 11 - s}). Compared with {@link WeightedSum} it punishes a very weak criterion harder: a 1
 * cannot be made up by a 10 elsewhere. Abstentions, failures and missing cells are treated as in
 * the weighted sum.
 *
 * @param clearMargin the smallest lead, in points, that counts as a clear win
 */
public record WeightedProduct(double clearMargin) implements RankingMethod {

  static final WeightedProduct DEFAULT = new WeightedProduct(0.5);

  /**
   * Validates the margin.
   *
   * @throws IllegalArgumentException if not in 0..9
   */
  public WeightedProduct {
    if (!(clearMargin >= 0 && clearMargin <= 9)) {
      throw new IllegalArgumentException("clearMargin must be between 0 and 9 but was " + clearMargin);
    }
  }

  @Override
  public String name() {
    return "weighted-product";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] scores = new double[n];
    for (int o = 0; o < n; o++) {
      double logSum = 0;
      double weight = 0;
      for (int c = 0; c < m; c++) {
        double v = matrix.value(o, c);
        if (!Double.isNaN(v)) {
          logSum += matrix.weight(c) * Math.log(v);
          weight += matrix.weight(c);
        }
      }
      scores[o] = weight == 0 ? Double.NaN : Math.exp(logSum / weight);
    }
    return RankingAssembler.assemble(name(), matrix, scores, clearMargin, "points");
  }
}
