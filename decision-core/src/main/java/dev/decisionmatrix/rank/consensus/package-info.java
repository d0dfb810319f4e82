/**
 * Comparing rankings: {@link dev.decisionmatrix.rank.consensus.RankCorrelation} measures how far
 * two rankings agree (Spearman's rho and Kendall's tau-b, ties as average ranks). Pure functions,
 * thread-safe.
 */
@NullMarked
package dev.decisionmatrix.rank.consensus;

import org.jspecify.annotations.NullMarked;
