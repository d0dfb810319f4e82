package dev.decisionmatrix.engine;

/**
 * Receives results as they land, in completion order. Calls for one evaluation never overlap (they
 * may come from different threads, one at a time), so a listener needs no locking of its own for
 * per-evaluation state. A listener that throws is logged and ignored; it never fails an
 * evaluation. Keep it fast: it runs on the engine's threads.
 */
@FunctionalInterface
public interface EvaluationListener {

  /**
   * Called once per cell when its final judgment is known.
   *
   * @param cell the cell and its judgment
   * @param progress progress after this cell
   */
  void onCell(CellResult cell, Progress progress);

  /**
   * Called when a failed call will be retried. Default: nothing.
   *
   * @param event what failed and when the next call is made
   */
  default void onRetry(RetryEvent event) {}

  /**
   * Returns a listener that passes every event to this listener and then to another. If this one
   * throws, the other still receives the event.
   *
   * @param next the listener to call second
   * @return the combined listener
   */
  default EvaluationListener andThen(EvaluationListener next) {
    java.util.Objects.requireNonNull(next, "next");
    EvaluationListener first = this;
    return new EvaluationListener() {
      @Override
      public void onCell(CellResult cell, Progress progress) {
        try {
          first.onCell(cell, progress);
        } finally {
          next.onCell(cell, progress);
        }
      }

      @Override
      public void onRetry(RetryEvent event) {
        try {
          first.onRetry(event);
        } finally {
          next.onRetry(event);
        }
      }
    };
  }

  /**
   * Returns a listener that ignores everything; the default of {@link EvaluationOptions}.
   *
   * @return a stateless listener
   */
  static EvaluationListener none() {
    return (cell, progress) -> {};
  }
}
