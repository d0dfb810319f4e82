package dev.decisionmatrix.engine;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;

/** The result of judging one sample of one cell, shared by every evaluation that asked for it. */
record SampleOutcome(Judgment judgment, int attempts, TokenUsage usage, long latencyNanos) {

  static SampleOutcome cached(Judgment judgment) {
    return new SampleOutcome(judgment, 0, TokenUsage.ZERO, 0);
  }

  static SampleOutcome failed(LlmErrorKind kind, String message, int attempts) {
    return new SampleOutcome(new Judgment.Failed(kind, message, attempts), attempts, TokenUsage.ZERO, 0);
  }
}
