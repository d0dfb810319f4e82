package dev.decisionmatrix.cost;

import dev.decisionmatrix.llm.TokenUsage;
import java.util.List;

/**
 * What an evaluation would take, worked out before it runs and without calling any model: cells
 * the cache holds are free, every other cell sample is one call. Retries and re-asks after invalid
 * answers are not foreseen, so the real figures can be higher. Immutable.
 *
 * @param cells cells the evaluation would judge
 * @param calls backend calls it would make
 * @param cacheHits cell samples the cache would answer, for free
 * @param tokens the tokens those calls would take: input from the prompts' length, output from the
 *     average answer of each model on this engine (or a typical answer before any)
 * @param cost what those tokens would cost; unknown for models without a price
 * @param byModel the same per model, in the order of the criteria
 */
public record CostEstimate(int cells, long calls, long cacheHits, TokenUsage tokens, Cost cost, List<ModelUsage> byModel) {

  /**
   * Copies the per-model list.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public CostEstimate {
    if (cells < 0 || calls < 0 || cacheHits < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + cells + " cells, " + calls + " calls, " + cacheHits + " hits");
    }
    byModel = List.copyOf(byModel);
  }

  /**
   * Returns one line for people, e.g. {@code "12 calls (3 cache hits free), about 9,600 tokens, $0.0021"}.
   *
   * @return the summary
   */
  public String summary() {
    return String.format(java.util.Locale.ROOT, "%,d call%s (%,d cache hit%s free), about %,d tokens, %s",
        calls, calls == 1 ? "" : "s", cacheHits, cacheHits == 1 ? "" : "s", tokens.total(), cost.describe());
  }
}
