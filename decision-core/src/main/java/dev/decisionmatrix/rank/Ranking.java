package dev.decisionmatrix.rank;

import dev.decisionmatrix.engine.Evaluation;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The options in order of a ranking method's score, with the recommendation. Immutable; the option
 * list is copied.
 *
 * @param method the method's name, e.g. {@code "weighted-sum"}
 * @param options ranked options best first (ties in decision order), then unranked ones
 * @param recommendation the leader(s), the margin and how clear it is
 * @param missingData what the ranked matrix put in cells without a score
 * @param compromise for a compromise-ranking method such as {@link Vikor}, whether its acceptance
 *     conditions hold and which options form the compromise set; {@code null} for other methods
 */
public record Ranking(
    String method, List<RankedOption> options, Recommendation recommendation, MissingDataPolicy missingData, @Nullable Compromise compromise) {

  /** Copies the list. */
  public Ranking {
    options = List.copyOf(options);
    java.util.Objects.requireNonNull(missingData, "missingData");
  }

  /**
   * Creates a ranking of a matrix whose cells without a score were left out, without a compromise
   * analysis.
   *
   * @param method the method's name
   * @param options ranked options best first, then unranked ones
   * @param recommendation the recommendation
   */
  public Ranking(String method, List<RankedOption> options, Recommendation recommendation) {
    this(method, options, recommendation, MissingDataPolicy.EXCLUDE, null);
  }

  /**
   * Creates a ranking without a compromise analysis.
   *
   * @param method the method's name
   * @param options ranked options best first, then unranked ones
   * @param recommendation the recommendation
   * @param missingData what the ranked matrix put in cells without a score
   */
  public Ranking(String method, List<RankedOption> options, Recommendation recommendation, MissingDataPolicy missingData) {
    this(method, options, recommendation, missingData, null);
  }

  /**
   * Ranks an evaluation by weighted sum under the {@linkplain MissingDataPolicy#DEFAULT default}
   * missing-data policy.
   *
   * @param evaluation the evaluation
   * @return the ranking
   */
  public static Ranking weightedSum(Evaluation evaluation) {
    return of(evaluation, RankingMethod.weightedSum());
  }

  /**
   * Ranks an evaluation with a method under the {@linkplain MissingDataPolicy#DEFAULT default}
   * missing-data policy.
   *
   * @param evaluation the evaluation
   * @param method the method
   * @return the ranking
   */
  public static Ranking of(Evaluation evaluation, RankingMethod method) {
    return of(evaluation, method, MissingDataPolicy.DEFAULT);
  }

  /**
   * Ranks an evaluation with a method under a missing-data policy. The lead is called clear only if
   * every other policy names the same leader; see {@link RankingMethod#rank(ScoreMatrix,
   * MissingDataPolicy)}.
   *
   * @param evaluation the evaluation
   * @param method the method
   * @param missingData what to put in cells without a score
   * @return the ranking
   */
  public static Ranking of(Evaluation evaluation, RankingMethod method, MissingDataPolicy missingData) {
    return method.rank(ScoreMatrix.of(evaluation), missingData);
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
