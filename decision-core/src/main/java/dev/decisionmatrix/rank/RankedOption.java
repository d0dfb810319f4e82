package dev.decisionmatrix.rank;

/**
 * One option's place in a {@link Ranking}.
 *
 * @param name the option's name
 * @param index the option's index in the decision
 * @param rank 1 for the best; tied options share a rank (1, 1, 3); 0 when the option has no score
 * @param score the method's score (for weighted sum: 1..10), or {@code NaN} when it has none
 * @param provisional whether failed or unjudged cells could still change the score
 * @param scored cells with a score
 * @param abstained cells where the judge declined (left out of the score)
 * @param failed cells whose judgment failed
 * @param missing cells not judged yet
 */
public record RankedOption(
    String name, int index, int rank, double score, boolean provisional, int scored, int abstained, int failed, int missing) {

  /**
   * Returns whether the option has a score and so a rank.
   *
   * @return {@code true} if {@link #rank()} is 1 or more; {@code false} when no cell of the option
   *     is scored
   */
  public boolean isRanked() {
    return rank > 0;
  }
}
