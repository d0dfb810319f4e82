/**
 * Money: what judging costs. A {@link dev.decisionmatrix.cost.PriceTable} holds input and output
 * token prices per provider and model ({@link dev.decisionmatrix.cost.PriceTable#defaults() a few
 * well-known models} by default, none assumed for any other); a {@link dev.decisionmatrix.cost.Cost}
 * is an amount in US dollars that also names the models it could not price; an {@link
 * dev.decisionmatrix.cost.EvaluationCost} says what one evaluation spent and what its cache hits
 * saved; a {@link dev.decisionmatrix.cost.CostEstimate} says what an evaluation would take before
 * it runs; a {@link dev.decisionmatrix.cost.Budget} stops an evaluation cleanly when reached.
 *
 * <p>Every amount is an estimate from the token counts the providers report and the prices in the
 * table: providers round, discount (cached prompts, batch) and change prices, so the invoice is the
 * authority.
 */
@Incubating
@NullMarked
package dev.decisionmatrix.cost;

import dev.decisionmatrix.api.Incubating;
import org.jspecify.annotations.NullMarked;
