package dev.decisionmatrix.engine;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.Cost;
import org.jspecify.annotations.Nullable;

/**
 * Admits an evaluation's calls while its {@link Budget} has room. A dollar budget reserves each
 * call's estimated cost when it starts and replaces it with the reported cost when it ends, so calls
 * running at once never together pass the budget on their estimates. The first refusal is final:
 * from then on the evaluation makes no call. Thread-safe.
 */
final class BudgetGuard {

  private final Budget budget;
  private long calls;
  private double spent;
  private double reserved;
  private @Nullable String refusal;

  BudgetGuard(Budget budget) {
    this.budget = budget;
  }

  /** Admits a call expected to cost {@code estimateUsd}; returns false (for good) when over budget. */
  synchronized boolean admit(double estimateUsd) {
    if (refusal != null) {
      return false;
    }
    Long maxCalls = budget.maxCalls();
    if (maxCalls != null && calls >= maxCalls) {
      refusal = "the budget of " + maxCalls + " call" + (maxCalls == 1 ? "" : "s") + " was reached";
      return false;
    }
    Double maxCost = budget.maxCostUsd();
    if (maxCost != null && spent + reserved + estimateUsd > maxCost) {
      refusal = "the budget of " + Cost.dollars(maxCost) + " was reached (" + Cost.dollars(spent + reserved)
          + " spent or committed, the next call would cost about " + Cost.dollars(estimateUsd) + ")";
      return false;
    }
    calls++;
    reserved += estimateUsd;
    return true;
  }

  /**
   * Admits an optional call (a hedge) expected to cost {@code estimateUsd} if the budget has room;
   * a refusal is not final and gives no cell up.
   */
  synchronized boolean admitSpare(double estimateUsd) {
    if (refusal != null) {
      return false;
    }
    Long maxCalls = budget.maxCalls();
    Double maxCost = budget.maxCostUsd();
    if ((maxCalls != null && calls >= maxCalls) || (maxCost != null && spent + reserved + estimateUsd > maxCost)) {
      return false;
    }
    calls++;
    reserved += estimateUsd;
    return true;
  }

  /** Gives back an optional call admitted but not made; its reservation is settled separately. */
  synchronized void refundSpare() {
    calls--;
  }

  /** Replaces a call's reservation by what it cost. */
  synchronized void settle(double reservedUsd, double actualUsd) {
    reserved = Math.max(0, reserved - reservedUsd);
    spent += actualUsd;
  }

  /** Why the budget refused a call, or null if it never did. */
  synchronized @Nullable String refusal() {
    return refusal;
  }
}
