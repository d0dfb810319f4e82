package dev.decisionmatrix.judge;

import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.io.Serial;

/** The model answered, but its text is not a valid judgment; the message says what is wrong. */
public final class InvalidAnswerException extends LlmException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong with the answer, phrased so it can be quoted back to the model
   */
  public InvalidAnswerException(String problem) {
    super(LlmErrorKind.INVALID_ANSWER, problem);
  }
}
