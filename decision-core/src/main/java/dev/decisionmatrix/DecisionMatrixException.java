package dev.decisionmatrix;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the decision-matrix core throws. Unchecked: callers catch the subtype they
 * can act on ({@link dev.decisionmatrix.model.InvalidDecisionException} for bad input,
 * {@link dev.decisionmatrix.llm.LlmException} for backend failures).
 */
public class DecisionMatrixException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what went wrong and how to fix it.
   *
   * @param message human-readable description, never containing secrets
   */
  public DecisionMatrixException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message human-readable description, never containing secrets
   * @param cause the underlying failure, may be {@code null}
   */
  public DecisionMatrixException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
