package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import org.jspecify.annotations.Nullable;

/** A call refused by an open circuit: never sent, never retried, and no backpressure on the limit. */
final class CircuitOpenException extends LlmException {

  private static final long serialVersionUID = 1L;

  CircuitOpenException(String message, String backend, @Nullable String model) {
    super(LlmErrorKind.OVERLOADED, message, null, 0, backend, model, null);
  }
}
