/**
 * The decision model: a {@link dev.decisionmatrix.model.Decision} with its {@link
 * dev.decisionmatrix.model.Option}s and weighted {@link dev.decisionmatrix.model.Criterion
 * Criteria}.
 *
 * <p>All types are immutable records, validated when created and safe to share between threads;
 * every edit ({@code withOption}, {@code withWeight}, ...) returns a new value. A broken rule throws
 * {@link dev.decisionmatrix.model.InvalidDecisionException}, whose message names the field, the
 * value and the rule. Size limits are a separate policy, {@link
 * dev.decisionmatrix.model.DecisionLimits}, checked where input enters.
 *
 * <p>Start with {@link dev.decisionmatrix.model.Decision#builder(String)}.
 */
@NullMarked
package dev.decisionmatrix.model;

import org.jspecify.annotations.NullMarked;
