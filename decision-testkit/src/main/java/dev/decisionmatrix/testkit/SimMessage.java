package dev.decisionmatrix.testkit;

import java.util.Objects;

/**
 * One conversation message as the simulator understood it, whatever the wire format.
 *
 * @param role {@code user} or {@code assistant} (system text is in {@link SimRequest#system()})
 * @param text the message's text; text blocks of a multi-block message are joined with newlines
 */
public record SimMessage(String role, String text) {

  /**
   * Creates a message.
   *
   * @throws NullPointerException if an argument is null
   */
  public SimMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }
}
