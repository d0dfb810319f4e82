package dev.decisionmatrix.engine;

import dev.decisionmatrix.model.Decision;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** Adapts an evaluation's listener to a blocking {@link Stream} of cell results. */
final class CellResultStream extends Spliterators.AbstractSpliterator<CellResult> {

  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private boolean ended;

  private CellResultStream() {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
  }

  static Stream<CellResult> open(DecisionEngine engine, Decision decision, @Nullable Evaluation previous, EvaluationOptions options) {
    CellResultStream source = new CellResultStream();
    EvaluationListener user = options.listener();
    EvaluationListener both =
        new EvaluationListener() {
          @Override
          public void onCell(CellResult cell, Progress progress) {
            source.queue.add(cell);
            user.onCell(cell, progress);
          }

          @Override
          public void onRetry(RetryEvent event) {
            user.onRetry(event);
          }
        };
    EvaluationOptions withQueue = options.withListener(both);
    RunningEvaluation running = engine.start(decision, previous, withQueue);
    running.result().whenComplete((e, t) -> source.queue.add(END));
    return StreamSupport.stream(source, false).onClose(running::cancel);
  }

  @Override
  public boolean tryAdvance(Consumer<? super CellResult> action) {
    if (ended) {
      return false;
    }
    Object next;
    try {
      next = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = true;
      return false;
    }
    if (next == END) {
      ended = true;
      return false;
    }
    action.accept((CellResult) next);
    return true;
  }
}
