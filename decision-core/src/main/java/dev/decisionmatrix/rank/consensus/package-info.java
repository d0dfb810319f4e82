/**
 * Comparing rankings: {@link dev.decisionmatrix.rank.consensus.RankCorrelation} measures how far
 * two rankings agree (Spearman's rho and Kendall's tau-b, ties as average ranks). Pure functions,
 * thread-safe. {@link dev.decisionmatrix.rank.consensus.Consensus} combines several methods'
 * rankings by Borda and Copeland and says whether they agree on the winner.
 */
@Incubating
@NullMarked
package dev.decisionmatrix.rank.consensus;

import dev.decisionmatrix.api.Incubating;
import org.jspecify.annotations.NullMarked;
