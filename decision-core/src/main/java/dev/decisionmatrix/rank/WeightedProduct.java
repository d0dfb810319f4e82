package dev.decisionmatrix.rank;

/**
 * Weighted product model (WPM) as defined by Bridgman (1922) and Miller and Starr (1969), in the
 * form given by Triantaphyllou, <i>Multi-Criteria Decision Making Methods: A Comparative Study</i>
 * (Kluwer, 2000), ch. 2.3: an option's score is {@code prod(a_j ^ (w_j / sum(w)))} over benefit
 * criteria times {@code prod(a_j ^ -(w_j / sum(w)))} over cost criteria, where {@code a_j} is the
 * score as judged; a cost enters with a negative exponent rather than as {@code 11 - s}. With only
 * benefit criteria this is the weighted geometric mean on the 1..10 scale; each cost criterion
 * divides by its weighted cost, so scores range from 1/10 to 10. Compared with {@link WeightedSum}
 * it punishes a very weak criterion harder: a 1 cannot be made up by a 10 elsewhere. Abstentions,
 * failures and missing cells are treated as in the weighted sum (left out of that option's
 * product, weights renormalised).
 *
 * <p>A {@linkplain ScoreMatrix#isMeasured raw-valued} criterion enters with its values as
 * measured: the product's ratio form makes the unit cancel out, so changing the unit (EUR to
 * cents) scales every option's score by the same factor and changes no rank. A ratio needs
 * positive numbers, so a raw-valued column holding a zero or a negative value enters with its
 * min-max normalisation onto 1..10 instead (best 10, worst 1, see {@link WeightedSum}), as a
 * benefit. A yes/no criterion enters as 10 (yes) or 1 (no).
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
  public String description() {
    return "Rewards balance: a very weak score on any criterion pulls the product down hard.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, optionScores(matrix), clearMargin, "points");
  }

  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] scores = new double[n];
    boolean[] normalised = new boolean[m];
    for (int c = 0; c < m; c++) {
      for (int o = 0; o < n && matrix.isMeasured(c) && !normalised[c]; o++) {
        normalised[c] = matrix.raw(o, c) <= 0;
      }
    }
    for (int o = 0; o < n; o++) {
      double logSum = 0;
      double weight = 0;
      for (int c = 0; c < m; c++) {
        double v = normalised[c] ? matrix.value(o, c) : matrix.raw(o, c);
        if (!Double.isNaN(v)) {
          logSum += (matrix.isCost(c) && !normalised[c] ? -1 : 1) * matrix.weight(c) * Math.log(v);
          weight += matrix.weight(c);
        }
      }
      scores[o] = weight == 0 ? Double.NaN : Math.exp(logSum / weight);
    }
    return scores;
  }
}
