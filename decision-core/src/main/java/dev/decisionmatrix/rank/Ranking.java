package dev.decisionmatrix.rank;

import dev.decisionmatrix.engine.Evaluation;
import java.util.List;
import java.util.Optional;

/**
 * The options in order of a ranking method's score, with the recommendation. Immutable; the option
 * list is copied.
 *
 * @param method the method's name, e.g. {@code "weighted-sum"}
 * @param options ranked options best first (ties in decision order), then unranked ones
 * @param recommendation the leader(s), the margin and how clear it is
 */
public record Ranking(String method, List<RankedOption> options, Recommendation recommendation) {

  /** Copies the list. */
  public Ranking {
    options = List.copyOf(options);
  }

  /**
   * Ranks an evaluation by weighted sum.
   *
   * @param evaluation the evaluation
   * @return the ranking
   */
  public static Ranking weightedSum(Evaluation evaluation) {
    return RankingMethod.weightedSum().rank(ScoreMatrix.of(evaluation));
  }

  /**
   * Ranks an evaluation with a method.
   *
   * @param evaluation the evaluation
   * @param method the method
   * @return the ranking
   */
  public static Ranking of(Evaluation evaluation, RankingMethod method) {
    return method.rank(ScoreMatrix.of(evaluation));
  }

  /**
   * Returns whether the ranking may still change because cells failed or are not judged yet.
   *
   * @return {@code true} if any option's score is provisional (the same as the recommendation's)
   */
  public boolean provisional() {
    return recommendation.provisional();
  }

  /**
   * Finds an option by name, ignoring case and surrounding blanks, whether it is ranked or not.
   *
   * @param name the option's name; not {@code null}
   * @return the option, or empty if the decision has no option by that name
   */
  public Optional<RankedOption> option(String name) {
    return options.stream().filter(o -> dev.decisionmatrix.model.Decision.sameName(o.name(), name)).findFirst();
  }
}
