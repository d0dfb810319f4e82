package dev.decisionmatrix.llm;

/**
 * One turn of a chat: who said it and what.
 *
 * @param role who speaks
 * @param content the text, never {@code null}
 */
public record ChatMessage(Role role, String content) {

  /** Who speaks a message. The system prompt is not a message: see {@link ChatRequest#system()}. */
  public enum Role {
    /** The caller. */
    USER,
    /** The model. */
    ASSISTANT
  }

  /**
   * Validates the message.
   *
   * @throws IllegalArgumentException if role or content is missing
   */
  public ChatMessage {
    if (role == null) {
      throw new IllegalArgumentException("role must not be null");
    }
    if (content == null) {
      throw new IllegalArgumentException("content must not be null");
    }
  }

  /** Creates a user message. */
  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  /** Creates an assistant message. */
  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }
}
