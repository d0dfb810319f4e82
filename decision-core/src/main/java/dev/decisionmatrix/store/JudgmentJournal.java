package dev.decisionmatrix.store;

import dev.decisionmatrix.engine.CellResult;
import dev.decisionmatrix.engine.EvaluationListener;
import dev.decisionmatrix.engine.Progress;

/**
 * Makes an evaluation's judgments durable as they land, so a crash (even {@code kill -9}) loses at
 * most the calls in flight. Pass it to the evaluation as its listener (or {@link
 * EvaluationListener#andThen after} yours); when the evaluation is over, merge its result into the
 * session with {@link DecisionStore#apply} and then call {@link #complete()}. If the process dies
 * first, or the merge fails, the store folds the journal into the session the next time it opens
 * its directory, with the same rules as {@link Session#merge}.
 *
 * <pre>{@code
 * try (JudgmentJournal journal = store.journal(id, session.decision())) {
 *   Evaluation result = engine.evaluate(session.decision(), session.evaluation(),
 *       options.withListener(journal));
 *   store.apply(id, SessionCommand.merge(result));
 *   journal.complete();
 * }
 * }</pre>
 *
 * <p>Only model judgments that count (scored or abstained) are journaled; failures are not worth
 * keeping. Appending never blocks the evaluation on the disk: a writer thread writes and fsyncs
 * what has accumulated in one go (group commit). If the journal cannot be written (a full disk),
 * it logs one warning and the evaluation carries on; only durability before the merge is lost.
 * The in-memory store's journal keeps nothing. Thread-safe.
 */
public interface JudgmentJournal extends EvaluationListener, AutoCloseable {

  /**
   * Appends a cell's judgment if it is a model's scored or abstained judgment.
   *
   * @param cell the cell
   * @param progress ignored
   */
  @Override
  void onCell(CellResult cell, Progress progress);

  /**
   * Says that the journaled judgments are merged into the session: the journal is deleted when it
   * closes. Call it after the merge succeeded, never before.
   */
  void complete();

  /**
   * Writes what is pending and releases the journal; its file stays unless {@link #complete()} was
   * called, to be folded into the session later. Closing twice does nothing.
   */
  @Override
  void close();

  /**
   * Returns a journal that keeps nothing, for stores that are not durable.
   *
   * @return a stateless journal
   */
  static JudgmentJournal none() {
    return NoJournal.INSTANCE;
  }

  /** The journal of stores without durable storage. */
  enum NoJournal implements JudgmentJournal {
    /** The only instance. */
    INSTANCE;

    @Override
    public void onCell(CellResult cell, Progress progress) {}

    @Override
    public void complete() {}

    @Override
    public void close() {}
  }
}
