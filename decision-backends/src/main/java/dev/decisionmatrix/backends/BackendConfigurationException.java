package dev.decisionmatrix.backends;

import dev.decisionmatrix.DecisionMatrixException;
import java.io.Serial;

/**
 * A backend cannot be configured as asked: a variable is missing or malformed, the backend is
 * unknown, or an optional dependency is not on the class path. The message names what to set or
 * add; it never contains a secret.
 */
public class BackendConfigurationException extends DecisionMatrixException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it, without secrets
   */
  public BackendConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and how to fix it, without secrets
   * @param cause the underlying failure
   */
  public BackendConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
