package dev.decisionmatrix.llm;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider announced about its rate limits in one answer's headers: how many requests and
 * tokens its window allows, how many are left, and when the allowance is full again. Either part
 * is {@code null} when the provider did not announce it. Immutable.
 *
 * @param requests the request allowance, or {@code null}
 * @param tokens the token allowance, or {@code null}
 */
public record RateLimitStatus(@Nullable Allowance requests, @Nullable Allowance tokens) {

  /**
   * One allowance.
   *
   * @param limit what the window allows, at least 1
   * @param remaining what is left now, between 0 and {@code limit}
   * @param untilFull the time until the allowance is full again (OpenAI {@code x-ratelimit-reset-*},
   *     Anthropic's reset instant minus now); not negative
   */
  public record Allowance(long limit, long remaining, Duration untilFull) {

    /**
     * Validates the allowance.
     *
     * @throws IllegalArgumentException if the limit is below 1, the remainder outside 0 to the
     *     limit, or the duration negative
     * @throws NullPointerException if the duration is null
     */
    public Allowance {
      Objects.requireNonNull(untilFull, "untilFull");
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, got " + limit);
      }
      if (remaining < 0 || remaining > limit) {
        throw new IllegalArgumentException("remaining must be between 0 and " + limit + ", got " + remaining);
      }
      if (untilFull.isNegative()) {
        throw new IllegalArgumentException("untilFull must not be negative, got " + untilFull);
      }
    }
  }

  /**
   * Tells whether anything was announced.
   *
   * @return true if either allowance is known
   */
  public boolean isKnown() {
    return requests != null || tokens != null;
  }
}
