/**
 * Ranking an evaluation: {@link dev.decisionmatrix.rank.RankingMethod}s (weighted sum, weighted
 * product, TOPSIS) turn a {@link dev.decisionmatrix.rank.ScoreMatrix} into a {@link
 * dev.decisionmatrix.rank.Ranking} with an honest {@link dev.decisionmatrix.rank.Recommendation},
 * and {@link dev.decisionmatrix.rank.Sensitivity} tells how robust the leader is to the weights.
 *
 * <p>Everything here is a pure function over numbers: no LLM is called, so re-weighting and
 * switching methods are free. A {@link dev.decisionmatrix.rank.MissingDataPolicy} says what cells
 * without a score count as (by default the worst score on their criterion, so abstaining never
 * pays), and a lead is called clear only if every policy names the same leader; failed and
 * unjudged cells make the ranking provisional. All types are immutable or
 * stateless, and thread-safe.
 */
@NullMarked
package dev.decisionmatrix.rank;

import org.jspecify.annotations.NullMarked;
