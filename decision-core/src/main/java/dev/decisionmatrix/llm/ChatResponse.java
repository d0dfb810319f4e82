package dev.decisionmatrix.llm;

import org.jspecify.annotations.Nullable;

/**
 * A backend's answer.
 *
 * @param text the model's text (the JSON object for a judgment), never {@code null}
 * @param usage tokens the call consumed
 * @param model the model that answered as the provider reported it, or {@code null}
 */
public record ChatResponse(String text, TokenUsage usage, @Nullable String model) {

  /**
   * Validates the response.
   *
   * @throws IllegalArgumentException if text or usage is missing
   */
  public ChatResponse {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (usage == null) {
      usage = TokenUsage.ZERO;
    }
  }

  /** Creates a response with text only, no usage and no model. */
  public static ChatResponse of(String text) {
    return new ChatResponse(text, TokenUsage.ZERO, null);
  }
}
