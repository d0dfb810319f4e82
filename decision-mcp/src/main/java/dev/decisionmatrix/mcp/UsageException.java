package dev.decisionmatrix.mcp;

import java.io.Serial;

/** A command-line flag or environment variable is wrong; the message says which and what is expected. */
public final class UsageException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what is expected
   */
  public UsageException(String message) {
    super(message);
  }
}
