package dev.decisionmatrix.rank;

/**
 * A multi-criteria ranking method: a pure function from a {@link ScoreMatrix} to a {@link Ranking}.
 * Implementations are stateless and thread-safe.
 */
public interface RankingMethod {

  /**
   * Returns a short, stable name, used in reports and by {@link #byName(String)}.
   *
   * @return the name, such as {@code "weighted-sum"}; never {@code null}
   */
  String name();

  /**
   * Ranks the options.
   *
   * @param matrix the scores, weights and cell states
   * @return the ranking
   */
  Ranking rank(ScoreMatrix matrix);

  /**
   * Computes every option's score without building a ranking or a recommendation: what robustness
   * analysis calls thousands of times. Higher is better; {@code NaN} for an option the method does
   * not rank. The default takes the scores from {@link #rank(ScoreMatrix)}; methods override it
   * with the computation alone.
   *
   * @param matrix the scores, weights and cell states
   * @return one score per option, in option order
   */
  default double[] optionScores(ScoreMatrix matrix) {
    double[] out = new double[matrix.optionCount()];
    java.util.Arrays.fill(out, Double.NaN);
    for (RankedOption r : rank(matrix).options()) {
      if (r.isRanked()) {
        out[r.index()] = r.score();
      }
    }
    return out;
  }

  /**
   * Ranks the options after filling cells without a score as a missing-data policy says, and calls
   * the lead clear only when it does not depend on that choice: if another {@link
   * MissingDataPolicy} names a different leader, the verdict is at best {@link Verdict#CLOSE} and
   * the summary says which policy disagrees.
   *
   * @param matrix the scores, weights and cell states, with cells without a score left empty
   * @param missingData what to put in cells without a score
   * @return the ranking, whose {@link Ranking#missingData()} is {@code missingData}
   */
  default Ranking rank(ScoreMatrix matrix, MissingDataPolicy missingData) {
    return MissingDataCheck.rank(this, matrix, missingData);
  }

  /**
   * Returns the weighted sum (weighted average on the 1..10 scale) with a clear-win margin of 0.5
   * points. See {@link WeightedSum}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod weightedSum() {
    return WeightedSum.DEFAULT;
  }

  /**
   * Returns the weighted product (weighted geometric mean on the 1..10 scale) with a clear-win
   * margin of 0.5 points. See {@link WeightedProduct}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod weightedProduct() {
    return WeightedProduct.DEFAULT;
  }

  /**
   * Returns TOPSIS (closeness to the ideal option, in 0..1) with a clear-win margin of 0.05 in
   * closeness. See {@link Topsis}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod topsis() {
    return Topsis.DEFAULT;
  }

  /**
   * Looks a method up by name: {@code weighted-sum}, {@code weighted-product} or {@code topsis}
   * (case-insensitive; {@code _} and spaces count as {@code -}).
   *
   * @param name the method's name
   * @return the method
   * @throws IllegalArgumentException naming the known methods if there is none by that name
   */
  static RankingMethod byName(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (key) {
      case "weighted-sum", "sum", "wsm" -> weightedSum();
      case "weighted-product", "product", "wpm" -> weightedProduct();
      case "topsis" -> topsis();
      default -> throw new IllegalArgumentException(
          "unknown ranking method \"" + name + "\"; use weighted-sum, weighted-product or topsis");
    };
  }
}
