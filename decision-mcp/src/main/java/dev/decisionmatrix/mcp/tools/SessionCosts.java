package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.cost.Cost;
import dev.decisionmatrix.cost.EvaluationCost;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each session's evaluations cost since this server started, in memory. Thread-safe.
 */
final class SessionCosts {

  /** One session's totals. */
  record Total(Cost spent, Cost saved, long evaluations, long calls) {
    static final Total NONE = new Total(Cost.ZERO, Cost.ZERO, 0, 0);

    Total plus(EvaluationCost cost, long calls) {
      return new Total(spent.plus(cost.spent()), saved.plus(cost.saved()), evaluations + 1, this.calls + calls);
    }
  }

  private final ConcurrentHashMap<String, Total> totals = new ConcurrentHashMap<>();

  /** Adds an evaluation's cost to its session and returns the session's new total. */
  Total add(String sessionId, EvaluationCost cost, long calls) {
    return totals.merge(sessionId, Total.NONE.plus(cost, calls), (a, b) -> a.plus(cost, calls));
  }

  /** Returns a session's total so far. */
  Total of(String sessionId) {
    return totals.getOrDefault(sessionId, Total.NONE);
  }
}
