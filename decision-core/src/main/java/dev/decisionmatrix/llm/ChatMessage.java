package dev.decisionmatrix.llm;

/**
 * One turn of a chat: who said it and what. Immutable.
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

  /**
   * Creates a message from the caller.
   *
   * @param content the text, sent as is; may be empty but not {@code null}
   * @return a {@link Role#USER} message
   * @throws IllegalArgumentException if {@code content} is {@code null}
   */
  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  /**
   * Creates a message from the model, e.g. its earlier answer when re-asking after an invalid one.
   *
   * @param content the text, sent as is; may be empty but not {@code null}
   * @return an {@link Role#ASSISTANT} message
   * @throws IllegalArgumentException if {@code content} is {@code null}
   */
  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }
}
