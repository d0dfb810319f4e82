package dev.decisionmatrix.rank;

/**
 * A multi-criteria ranking method: a pure function from a {@link ScoreMatrix} to a {@link Ranking}.
 * Implementations are stateless and thread-safe.
 */
public interface RankingMethod {

  /** Returns a short, stable name such as {@code "weighted-sum"}. */
  String name();

  /**
   * Ranks the options.
   *
   * @param matrix the scores, weights and cell states
   * @return the ranking
   */
  Ranking rank(ScoreMatrix matrix);

  /**
   * Returns the weighted sum (weighted average on the 1..10 scale) with a clear-win margin of 0.5
   * points. See {@link WeightedSum}.
   */
  static RankingMethod weightedSum() {
    return WeightedSum.DEFAULT;
  }
}
