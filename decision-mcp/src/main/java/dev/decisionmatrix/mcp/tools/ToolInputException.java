package dev.decisionmatrix.mcp.tools;

import java.io.Serial;

/** A tool was called with arguments it cannot use; the message names the problem, the hint the fix. */
public final class ToolInputException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String hint;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the argument
   * @param hint how to fix it
   */
  public ToolInputException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  /** Returns how to fix the problem. */
  public String hint() {
    return hint;
  }
}
