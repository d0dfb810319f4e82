package dev.decisionmatrix.engine;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.TokenUsage;
import java.time.Duration;

/**
 * One cell's final judgment in an evaluation, as it lands.
 *
 * @param optionIndex the option's index in the decision
 * @param criterionIndex the criterion's index in the decision
 * @param option the option's name
 * @param criterion the criterion's name
 * @param judgment the verdict
 * @param source where it came from
 * @param attempts backend calls made for this cell in this evaluation (0 for a cache hit)
 * @param usage tokens this cell consumed in this evaluation
 * @param latency from the cell's first call to its verdict (zero for a cache hit)
 */
public record CellResult(
    int optionIndex,
    int criterionIndex,
    String option,
    String criterion,
    Judgment judgment,
    Source source,
    int attempts,
    TokenUsage usage,
    Duration latency) {

  /** Where a judgment came from. */
  public enum Source {
    /** The judgment cache. */
    CACHE,
    /** A call to the backend made by this evaluation. */
    BACKEND,
    /** A call another evaluation made at the same time for the same question. */
    SHARED,
    /** No call: the evaluation was cancelled or its deadline passed. */
    NONE
  }
}
