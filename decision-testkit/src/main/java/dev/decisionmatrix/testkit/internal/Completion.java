package dev.decisionmatrix.testkit.internal;

/**
 * The answer to a chat request, before a wire format renders it.
 *
 * @param text the answer text (cut to the output limit when {@code truncated})
 * @param inputTokens the simulated input tokens
 * @param outputTokens the simulated output tokens
 * @param truncated whether the answer hit the request's output-token limit
 * @param elapsedMillis milliseconds since the request arrived
 */
public record Completion(
    String text, long inputTokens, long outputTokens, boolean truncated, long elapsedMillis) {

  /** Rough characters per token of English text, the basis of the simulated token counts. */
  public static final int CHARS_PER_TOKEN = 4;

  /** Returns the tokens for a number of characters: a quarter, rounded up. */
  public static long tokens(long chars) {
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }
}
