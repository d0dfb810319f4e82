package dev.decisionmatrix.llm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a backend is asked: a system prompt, the conversation so far, and sampling parameters.
 * Immutable; the message list is copied.
 *
 * @param system the system prompt, may be empty
 * @param messages the conversation, starting and ending with a user message
 * @param model the model to use, or {@code null} for the backend's configured default
 * @param temperature sampling temperature in 0..2, or {@code null} for the provider's default
 * @param maxTokens most tokens in the answer, at least 1
 * @param responseSchema the JSON schema the answer must follow, or {@code null} for free text;
 *     backends with a structured-output mode use it, others may ignore it
 */
public record ChatRequest(
    String system,
    List<ChatMessage> messages,
    @Nullable String model,
    @Nullable Double temperature,
    int maxTokens,
    @Nullable ResponseSchema responseSchema) {

  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException if a value is missing or out of range
   */
  public ChatRequest {
    if (system == null) {
      throw new IllegalArgumentException("system must not be null (use \"\")");
    }
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("messages must hold at least one user message");
    }
    messages = List.copyOf(messages);
    if (messages.getFirst().role() != ChatMessage.Role.USER || messages.getLast().role() != ChatMessage.Role.USER) {
      throw new IllegalArgumentException("messages must start and end with a user message");
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2 but was " + temperature);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1 but was " + maxTokens);
    }
  }

  /**
   * Creates a single-turn request with free-text output.
   *
   * @param system the system prompt
   * @param user the user message
   * @param model the model, or {@code null} for the backend's default
   * @return the request (temperature default, 1,024 max tokens)
   * @throws IllegalArgumentException if {@code system} or {@code user} is {@code null}
   */
  public static ChatRequest of(String system, String user, @Nullable String model) {
    return new ChatRequest(system, List.of(ChatMessage.user(user)), model, null, 1024, null);
  }

  /**
   * Returns the text of the last user message: the question the model answers next.
   *
   * @return the text, never {@code null}
   */
  public String lastUserMessage() {
    return messages.getLast().content();
  }

  /**
   * Returns a copy for another model, with everything else unchanged.
   *
   * @param newModel the model to use, or {@code null} for the backend's configured default
   * @return a new request; this one is unchanged
   */
  public ChatRequest withModel(@Nullable String newModel) {
    return new ChatRequest(system, messages, newModel, temperature, maxTokens, responseSchema);
  }
}
