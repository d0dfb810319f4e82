package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmErrorKind;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on an evaluation in progress: its result, its progress, and a way to cancel it.
 * Thread-safe.
 */
public final class RunningEvaluation {

  private final EvaluationRun run;

  RunningEvaluation(EvaluationRun run) {
    this.run = run;
  }

  /**
   * Returns the result. It completes normally when every cell has a verdict, or at once on {@link
   * #cancel()} or when the deadline passes, with the cells still open marked failed ({@code
   * CANCELLED} or {@code TIMEOUT}) and {@link EvaluationStats#cancelled()} set. Cancelling the
   * returned future itself does not stop the evaluation; call {@link #cancel()}.
   *
   * @return a future of the evaluation
   */
  public CompletableFuture<Evaluation> result() {
    return run.future().copy();
  }

  /**
   * Returns how far the evaluation has come.
   *
   * @return a snapshot of the progress; call again for a fresh one
   */
  public Progress progress() {
    return run.progress();
  }

  /**
   * Returns whether the evaluation has finished.
   *
   * @return {@code true} once it completed, was cancelled or ran past its deadline
   */
  public boolean isDone() {
    return run.isFinished();
  }

  /**
   * Cancels the evaluation: queued calls are dropped and running calls interrupted. Judgments that
   * already landed are kept (and cached); a call that answers after the cancel still fills the
   * cache. Does nothing if the evaluation has finished.
   */
  public void cancel() {
    run.cancel(LlmErrorKind.CANCELLED, "the evaluation was cancelled before this cell was judged");
  }
}
