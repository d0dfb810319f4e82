/**
 * Where criterion weights come from: {@link dev.decisionmatrix.rank.weights.Ahp} derives them from
 * pairwise comparisons and says how consistent those were, {@link
 * dev.decisionmatrix.rank.weights.ObjectiveWeights} reads them off the scores themselves (Shannon
 * entropy, CRITIC), and {@link dev.decisionmatrix.rank.weights.RankWeights} turns an importance
 * order (rank-order centroid) or swing points into weights.
 *
 * <p>Every method returns weights that are non-negative and sum to 1. Scale them by any positive
 * factor before use: ranking methods only depend on their proportions. A zero weight (a criterion
 * that carries no information, or was swung with 0 points) must be raised to a small positive value
 * before it is given to {@link dev.decisionmatrix.rank.ScoreMatrix#withWeights(double[])}, which
 * only takes positive weights. All types are pure functions or immutable values, and thread-safe.
 */
@Incubating
@NullMarked
package dev.decisionmatrix.rank.weights;

import dev.decisionmatrix.api.Incubating;
import org.jspecify.annotations.NullMarked;
