package dev.decisionmatrix.cost;

import org.jspecify.annotations.Nullable;

/**
 * The most an evaluation may spend: backend calls, dollars, or both. When the next call would go
 * past it, the evaluation makes no further call; calls already running finish and are kept, cells
 * not judged stay missing (never failed), and the evaluation's {@link EvaluationCost#budgetStop()}
 * says so. Immutable.
 *
 * <p>A dollar budget counts each call at its estimated cost when it starts and at its reported
 * cost when it ends, so calls running at once cannot together overshoot by more than one call's
 * misestimate. It needs a price for every model the evaluation uses.
 *
 * @param maxCalls the most backend calls (first calls, retries and re-asks), at least 1, or {@code
 *     null} for no limit
 * @param maxCostUsd the most dollars, more than 0, or {@code null} for no limit
 */
public record Budget(@Nullable Long maxCalls, @Nullable Double maxCostUsd) {

  /** No limit. */
  public static final Budget NONE = new Budget(null, null);

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException naming the limit out of range
   */
  public Budget {
    if (maxCalls != null && maxCalls < 1) {
      throw new IllegalArgumentException("max calls must be at least 1 but was " + maxCalls + "; leave it out for no limit");
    }
    if (maxCostUsd != null && (!(maxCostUsd > 0) || maxCostUsd.isInfinite())) {
      throw new IllegalArgumentException(
          "max cost must be a positive number of dollars but was " + maxCostUsd + "; leave it out for no limit");
    }
  }

  /**
   * Returns a budget of backend calls.
   *
   * @param calls the most calls, at least 1
   * @return the budget
   * @throws IllegalArgumentException if {@code calls} is below 1
   */
  public static Budget calls(long calls) {
    return new Budget(calls, null);
  }

  /**
   * Returns a budget of dollars.
   *
   * @param usd the most dollars, more than 0
   * @return the budget
   * @throws IllegalArgumentException if {@code usd} is not positive
   */
  public static Budget dollars(double usd) {
    return new Budget(null, usd);
  }

  /**
   * Tells whether this budget limits anything.
   *
   * @return {@code false} for {@link #NONE}
   */
  public boolean isLimited() {
    return maxCalls != null || maxCostUsd != null;
  }
}
