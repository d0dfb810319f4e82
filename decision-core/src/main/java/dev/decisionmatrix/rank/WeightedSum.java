package dev.decisionmatrix.rank;

/**
 * Weighted sum (simple additive weighting, Fishburn 1967, in the form given by Triantaphyllou,
 * <i>Multi-Criteria Decision Making Methods: A Comparative Study</i>, Kluwer 2000, ch. 2.2),
 * normalised to a weighted average on the 1..10 scale: an option's score is {@code sum(w_j * s_j) /
 * sum(w_j)} over the criteria it has a score on. Every criterion must be a benefit for an additive
 * model, so a cost criterion's score {@code s} enters as {@code 11 - s}, the linear reversal of the
 * common 1..10 scale (the usual benefit transform for the weighted sum).
 *
 * <p>A {@linkplain ScoreMatrix#isMeasured raw-valued} criterion (a price in EUR, a latency in ms)
 * enters with the linear min-max normalisation Triantaphyllou lists for additive models, mapped
 * onto the same 1..10 scale so that it mixes with judged criteria: the best value observed becomes
 * 10 and the worst 1 (for a cost, the smallest value is the best), so the unit does not matter. A
 * yes/no criterion enters as 10 (yes) or 1 (no), reversed for a cost.
 *
 * <p>A cell still without a score when the method runs (the matrix was not {@linkplain
 * ScoreMatrix#imputed(MissingDataPolicy) imputed}, i.e. {@link MissingDataPolicy#EXCLUDE}) is left
 * out of both the numerator and the denominator for that option. A failed or unjudged cell makes
 * the option's score {@linkplain RankedOption#provisional() provisional}, and the ranking says so.
 * An option with no score at all is not ranked.
 *
 * <p>The lead counts as clear when it is at least {@code clearMargin} points (default 0.5 on the
 * 10-point scale); below that it is close; equal scores are a tie.
 *
 * @param clearMargin the smallest lead, in points, that counts as a clear win
 */
public record WeightedSum(double clearMargin) implements RankingMethod {

  static final WeightedSum DEFAULT = new WeightedSum(0.5);

  /**
   * Validates the margin.
   *
   * @throws IllegalArgumentException if not in 0..9
   */
  public WeightedSum {
    if (!(clearMargin >= 0 && clearMargin <= 9)) {
      throw new IllegalArgumentException("clearMargin must be between 0 and 9 but was " + clearMargin);
    }
  }

  @Override
  public String name() {
    return "weighted-sum";
  }

  @Override
  public String description() {
    return "Rewards a high weighted average: strength on one criterion can make up for weakness on another.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, scores(matrix), clearMargin, "points");
  }

  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    return scores(matrix);
  }

  /**
   * Computes every option's score without building a ranking (for sensitivity analysis).
   *
   * @param matrix the scores
   * @return one score per option, {@code NaN} for options without any score
   */
  public static double[] scores(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] out = new double[n];
    for (int o = 0; o < n; o++) {
      double sum = 0;
      double weight = 0;
      for (int c = 0; c < m; c++) {
        double v = matrix.value(o, c);
        if (!Double.isNaN(v)) {
          double w = matrix.weight(c);
          sum += w * v;
          weight += w;
        }
      }
      out[o] = weight == 0 ? Double.NaN : sum / weight;
    }
    return out;
  }
}
