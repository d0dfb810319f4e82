package dev.decisionmatrix.llm;

import org.jspecify.annotations.Nullable;

/**
 * A backend's answer. Immutable.
 *
 * @param text the model's text (the JSON object for a judgment), never {@code null}
 * @param usage tokens the call consumed
 * @param model the model that answered as the provider reported it, or {@code null}
 * @param rateLimits the rate limits the provider announced with the answer, or {@code null} if it
 *     announced none (the engine paces later calls by them)
 */
public record ChatResponse(String text, TokenUsage usage, @Nullable String model, @Nullable RateLimitStatus rateLimits) {

  /**
   * Creates a response without rate-limit information.
   *
   * @param text the model's text; not {@code null}
   * @param usage tokens the call consumed; {@code null} means {@link TokenUsage#ZERO}
   * @param model the model that answered as the provider reported it, or {@code null}
   * @throws IllegalArgumentException if the text is missing
   */
  public ChatResponse(String text, @Nullable TokenUsage usage, @Nullable String model) {
    this(text, usage, model, null);
  }

  /**
   * Validates the response.
   *
   * <p>A {@code null} usage becomes {@link TokenUsage#ZERO}.
   *
   * @param text the model's text; not {@code null}
   * @param usage tokens the call consumed; {@code null} means {@link TokenUsage#ZERO}
   * @param model the model that answered as the provider reported it, or {@code null}
   * @param rateLimits the rate limits announced with the answer, or {@code null}
   * @throws IllegalArgumentException if the text is missing
   */
  public ChatResponse(String text, @Nullable TokenUsage usage, @Nullable String model, @Nullable RateLimitStatus rateLimits) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (usage == null) {
      usage = TokenUsage.ZERO;
    }
    this.text = text;
    this.usage = usage;
    this.model = model;
    this.rateLimits = rateLimits == null || !rateLimits.isKnown() ? null : rateLimits;
  }

  /**
   * Returns this response with the rate limits the provider announced.
   *
   * @param status the announced limits, or {@code null} for none
   * @return a response with the same text, usage and model
   */
  public ChatResponse withRateLimits(@Nullable RateLimitStatus status) {
    return new ChatResponse(text, usage, model, status);
  }

  /**
   * Creates a response with text only: no token usage ({@link TokenUsage#ZERO}) and no model.
   * Handy for test doubles.
   *
   * @param text the model's text; not {@code null}
   * @return the response
   * @throws IllegalArgumentException if {@code text} is {@code null}
   */
  public static ChatResponse of(String text) {
    return new ChatResponse(text, TokenUsage.ZERO, null, null);
  }
}
