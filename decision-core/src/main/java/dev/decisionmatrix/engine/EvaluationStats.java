package dev.decisionmatrix.engine;

import dev.decisionmatrix.cost.EvaluationCost;
import dev.decisionmatrix.llm.TokenUsage;
import java.time.Duration;

/**
 * What one evaluation did.
 *
 * @param cellsJudged cells this evaluation set out to judge
 * @param calls backend calls made (first calls, retries and re-asks)
 * @param retries calls repeated after a transient failure
 * @param reasks calls made to ask again after an invalid answer
 * @param cacheHits cell samples answered from the cache
 * @param cacheMisses cell samples the cache did not have
 * @param sharedCalls cell samples answered by another evaluation's call for the same question
 * @param failed cells whose judgment failed
 * @param usage tokens consumed by this evaluation's calls
 * @param wallTime from start to the last cell's verdict
 * @param cancelled whether the evaluation was cancelled or ran past its deadline
 * @param cost what the calls cost, what cache hits saved, and whether the budget stopped it
 * @param hedges second copies sent of calls that ran long ({@link HedgePolicy}); each is also one of
 *     the {@code calls}
 * @param circuits the circuit breakers of the backends and models this evaluation used, as they
 *     were when it ended; an open one says since when the provider is down
 */
public record EvaluationStats(
    int cellsJudged,
    long calls,
    long retries,
    long reasks,
    long cacheHits,
    long cacheMisses,
    long sharedCalls,
    int failed,
    TokenUsage usage,
    Duration wallTime,
    boolean cancelled,
    EvaluationCost cost,
    long hedges,
    java.util.List<CircuitState> circuits) {

  /** Stats of an evaluation that did nothing. */
  public static final EvaluationStats NONE =
      new EvaluationStats(0, 0, 0, 0, 0, 0, 0, 0, TokenUsage.ZERO, Duration.ZERO, false);

  /**
   * Validates the cost and copies the circuits.
   *
   * @throws NullPointerException if {@code cost} or {@code circuits} is {@code null}
   */
  public EvaluationStats {
    java.util.Objects.requireNonNull(cost, "cost (use EvaluationCost.NONE)");
    circuits = java.util.List.copyOf(circuits);
  }

  /**
   * Creates stats of an evaluation that sent no hedges and used no circuit breaker.
   *
   * @param cellsJudged cells this evaluation set out to judge
   * @param calls backend calls made
   * @param retries calls repeated after a transient failure
   * @param reasks calls made to ask again after an invalid answer
   * @param cacheHits cell samples answered from the cache
   * @param cacheMisses cell samples the cache did not have
   * @param sharedCalls cell samples answered by another evaluation's call
   * @param failed cells whose judgment failed
   * @param usage tokens consumed
   * @param wallTime from start to the last cell's verdict
   * @param cancelled whether the evaluation was cancelled or ran past its deadline
   * @param cost what the calls cost
   * @throws NullPointerException if {@code cost} is {@code null}
   */
  public EvaluationStats(int cellsJudged, long calls, long retries, long reasks, long cacheHits, long cacheMisses,
      long sharedCalls, int failed, TokenUsage usage, Duration wallTime, boolean cancelled, EvaluationCost cost) {
    this(cellsJudged, calls, retries, reasks, cacheHits, cacheMisses, sharedCalls, failed, usage, wallTime, cancelled, cost, 0,
        java.util.List.of());
  }

  /**
   * Creates stats without cost figures ({@link EvaluationCost#NONE}).
   *
   * @param cellsJudged cells this evaluation set out to judge
   * @param calls backend calls made
   * @param retries calls repeated after a transient failure
   * @param reasks calls made to ask again after an invalid answer
   * @param cacheHits cell samples answered from the cache
   * @param cacheMisses cell samples the cache did not have
   * @param sharedCalls cell samples answered by another evaluation's call
   * @param failed cells whose judgment failed
   * @param usage tokens consumed
   * @param wallTime from start to the last cell's verdict
   * @param cancelled whether the evaluation was cancelled or ran past its deadline
   */
  public EvaluationStats(int cellsJudged, long calls, long retries, long reasks, long cacheHits, long cacheMisses,
      long sharedCalls, int failed, TokenUsage usage, Duration wallTime, boolean cancelled) {
    this(cellsJudged, calls, retries, reasks, cacheHits, cacheMisses, sharedCalls, failed, usage, wallTime, cancelled,
        EvaluationCost.NONE);
  }

  /**
   * Returns the circuits that were not closed when the evaluation ended.
   *
   * @return the open and half-open circuits, possibly empty
   */
  public java.util.List<CircuitState> openCircuits() {
    return circuits.stream().filter(c -> c.status() != CircuitState.Status.CLOSED).toList();
  }

  /**
   * Returns the share of cache lookups that found a judgment.
   *
   * @return cache hits / (hits + misses) in 0..1, or 0 when nothing was looked up
   */
  public double cacheHitRatio() {
    long lookups = cacheHits + cacheMisses;
    return lookups == 0 ? 0 : (double) cacheHits / lookups;
  }
}
