package dev.decisionmatrix.store;

import dev.decisionmatrix.DecisionMatrixException;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link DecisionStore} cannot do what was asked: a session file could not be
 * written or deleted, or a session is not there ({@link SessionNotFoundException}).
 */
public class DecisionStoreException extends DecisionMatrixException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and, where possible, how to fix it
   */
  public DecisionStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong and, where possible, how to fix it
   * @param cause the underlying failure, may be {@code null}
   */
  public DecisionStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
