package dev.decisionmatrix.llm;

/**
 * Tokens one or more calls consumed. Immutable.
 *
 * @param inputTokens prompt tokens (0 if the provider did not say)
 * @param outputTokens completion tokens (0 if the provider did not say)
 */
public record TokenUsage(long inputTokens, long outputTokens) {

  /** No tokens. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0);

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + "/" + outputTokens);
    }
  }

  /**
   * Returns the sum of this usage and another, to total several calls.
   *
   * @param other the usage to add; not {@code null}
   * @return a new usage; this one is unchanged
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }

  /**
   * Returns input plus output tokens.
   *
   * @return the total, at least 0
   */
  public long total() {
    return inputTokens + outputTokens;
  }
}
