package dev.decisionmatrix.mcp.judge;

import java.io.Serial;

/** No judge can be used for what was asked; the message says why and the hint how to fix it. */
public final class JudgeUnavailableException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String hint;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   * @param hint how to fix it
   */
  public JudgeUnavailableException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  /** Returns how to fix the problem. */
  public String hint() {
    return hint;
  }
}
