package dev.decisionmatrix.engine;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The judgments of a decision's cells: an immutable matrix, options x criteria, where a cell holds
 * a {@link Judgment} or nothing yet. Also carries the stats of the evaluation that produced it.
 *
 * <p>An evaluation belongs to one version of a decision. After editing the decision, {@link
 * #withDecision(Decision)} keeps every judgment that is still valid (same option, criterion judged
 * the same way; weights do not matter) so the next evaluation only asks for what changed.
 *
 * <p>Immutable and thread-safe.
 */
public final class Evaluation {

  private final Decision decision;
  private final @Nullable Judgment[] cells;
  private final EvaluationStats stats;

  private Evaluation(Decision decision, @Nullable Judgment[] cells, EvaluationStats stats) {
    this.decision = decision;
    this.cells = cells;
    this.stats = stats;
  }

  static Evaluation wrap(Decision decision, @Nullable Judgment[] cells, EvaluationStats stats) {
    return new Evaluation(decision, cells, stats);
  }

  /**
   * Returns an evaluation with no judgments.
   *
   * @param decision the decision
   * @return an evaluation where every cell is not judged yet, with {@link EvaluationStats#NONE}
   * @throws NullPointerException if {@code decision} is {@code null}
   */
  public static Evaluation empty(Decision decision) {
    return new Evaluation(Objects.requireNonNull(decision, "decision"), new Judgment[decision.cellCount()], EvaluationStats.NONE);
  }

  /**
   * Rebuilds an evaluation from stored judgments (for stores and imports).
   *
   * @param decision the decision
   * @param judgments one row per option, one entry per criterion, {@code null} for not judged
   * @param stats the stats to carry; {@code null} means {@link EvaluationStats#NONE}
   * @return the evaluation
   * @throws IllegalArgumentException if the shape does not match the decision
   */
  public static Evaluation of(Decision decision, List<List<@Nullable Judgment>> judgments, @Nullable EvaluationStats stats) {
    int rows = decision.options().size();
    int cols = decision.criteria().size();
    if (judgments.size() != rows) {
      throw new IllegalArgumentException("expected " + rows + " rows of judgments but got " + judgments.size());
    }
    @Nullable Judgment[] cells = new Judgment[rows * cols];
    for (int o = 0; o < rows; o++) {
      List<@Nullable Judgment> row = judgments.get(o);
      if (row.size() != cols) {
        throw new IllegalArgumentException("row " + o + " has " + row.size() + " judgments but there are " + cols + " criteria");
      }
      for (int c = 0; c < cols; c++) {
        cells[o * cols + c] = row.get(c);
      }
    }
    return new Evaluation(decision, cells, stats == null ? EvaluationStats.NONE : stats);
  }

  /**
   * Returns the decision these judgments belong to.
   *
   * @return the decision, never {@code null}
   */
  public Decision decision() {
    return decision;
  }

  /**
   * Returns the stats of the evaluation that produced this matrix. Copies made with {@link
   * #withJudgment} and {@link #withDecision} keep the stats they started from.
   *
   * @return the stats; {@link EvaluationStats#NONE} for an empty or rebuilt evaluation without stats
   */
  public EvaluationStats stats() {
    return stats;
  }

  /**
   * Returns a cell's judgment.
   *
   * @param option the option's index
   * @param criterion the criterion's index
   * @return the judgment, or {@code null} if the cell was not judged
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public @Nullable Judgment judgment(int option, int criterion) {
    Objects.checkIndex(option, decision.options().size());
    Objects.checkIndex(criterion, decision.criteria().size());
    return cells[option * decision.criteria().size() + criterion];
  }

  /**
   * Returns a cell's judgment by names (case-insensitive).
   *
   * @param option the option's name
   * @param criterion the criterion's name
   * @return the judgment, or {@code null} if the cell was not judged
   * @throws InvalidDecisionException if a name is unknown
   */
  public @Nullable Judgment judgment(String option, String criterion) {
    return judgment(requireOption(option), requireCriterion(criterion));
  }

  private int requireOption(String name) {
    decision.option(name);
    return decision.optionIndex(name);
  }

  private int requireCriterion(String name) {
    decision.criterion(name);
    return decision.criterionIndex(name);
  }

  /**
   * Counts the cells in each state. Computed on every call.
   *
   * @return how many cells are scored, abstained, failed and not judged
   */
  public Counts counts() {
    int scored = 0;
    int abstained = 0;
    int failed = 0;
    int missing = 0;
    for (Judgment j : cells) {
      switch (j) {
        case null -> missing++;
        case Judgment.Scored s -> scored++;
        case Judgment.Measured v -> scored++;
        case Judgment.Abstained a -> abstained++;
        case Judgment.Failed f -> failed++;
      }
    }
    return new Counts(scored, abstained, failed, missing);
  }

  /**
   * Tells whether every cell has a valid answer, so the ranking is final rather than provisional.
   *
   * @return {@code true} if every cell is scored or abstained; {@code false} if a cell failed or is
   *     not judged yet
   */
  public boolean isComplete() {
    Counts counts = counts();
    return counts.failed() == 0 && counts.missing() == 0;
  }

  /**
   * Returns every cell, judged or not, in row order: the first option's cells criterion by
   * criterion, then the next option's.
   *
   * @return a new list of options x criteria cells
   */
  public List<Cell> cells() {
    int cols = decision.criteria().size();
    List<Cell> list = new ArrayList<>(cells.length);
    for (int i = 0; i < cells.length; i++) {
      list.add(new Cell(decision.options().get(i / cols), decision.criteria().get(i % cols), cells[i]));
    }
    return list;
  }

  /**
   * Returns a copy where one cell has another judgment (for example a score a person set).
   *
   * @param option the option's name
   * @param criterion the criterion's name
   * @param judgment the new judgment, or {@code null} to clear the cell
   * @return the new evaluation
   * @throws InvalidDecisionException if a name is unknown
   */
  public Evaluation withJudgment(String option, String criterion, @Nullable Judgment judgment) {
    int o = requireOption(option);
    int c = requireCriterion(criterion);
    @Nullable Judgment[] copy = cells.clone();
    copy[o * decision.criteria().size() + c] = judgment;
    return new Evaluation(decision, copy, stats);
  }

  /**
   * Moves the judgments onto an edited version of the decision. A judgment is kept when every text
   * that reached its prompt is unchanged: the topic, its option (name and description) and its
   * criterion (everything but the weight). Hand-set scores and measured values are kept as long as
   * both names still exist and the criterion's {@linkplain Criterion#measure() measure} (judged, or
   * raw values in a unit) is unchanged. New and changed cells start unjudged; a new topic leaves only the hand-set scores.
   *
   * @param edited the edited decision
   * @return an evaluation of the edited decision, with the same stats; this evaluation if the
   *     decision is unchanged
   */
  public Evaluation withDecision(Decision edited) {
    if (edited.equals(decision)) {
      return this;
    }
    int cols = edited.criteria().size();
    @Nullable Judgment[] moved = new Judgment[edited.cellCount()];
    int[] criterionMap = new int[cols];
    for (int c = 0; c < cols; c++) {
      Criterion now = edited.criteria().get(c);
      int before = decision.criterionIndex(now.name());
      criterionMap[c] = before < 0 ? -1 : before;
    }
    int oldCols = decision.criteria().size();
    boolean sameTopic = decision.topic().equals(edited.topic());
    for (int o = 0; o < edited.options().size(); o++) {
      Option now = edited.options().get(o);
      int before = decision.optionIndex(now.name());
      if (before < 0) {
        continue;
      }
      boolean sameOption = decision.options().get(before).equals(now);
      for (int c = 0; c < cols; c++) {
        int oc = criterionMap[c];
        if (oc < 0) {
          continue;
        }
        Judgment j = cells[before * oldCols + oc];
        Criterion was = decision.criteria().get(oc);
        Criterion is = edited.criteria().get(c);
        boolean manual = isManual(j) && Objects.equals(was.measure(), is.measure());
        boolean sameCriterion = was.judgedLike(is);
        if (manual || (sameTopic && sameOption && sameCriterion)) {
          moved[o * cols + c] = j;
        }
      }
    }
    return new Evaluation(edited, moved, stats);
  }

  /**
   * Merges the judgments of an evaluation that ran on this or an earlier version of the decision
   * (finished, cancelled or recovered from a journal) into this one, the current version. The
   * result belongs to this evaluation's decision and carries the finished evaluation's stats. Per
   * cell of the current decision:
   *
   * <ul>
   *   <li>a hand-set score here is kept, whatever the finished evaluation holds;
   *   <li>the finished evaluation's judgment is taken if it is still valid for the current
   *       decision ({@link #withDecision}: same topic, option and criterion text) and is a model's
   *       judgment; hand-set scores it carries are copies of an older state and are never taken, so
   *       a score a person cleared or changed meanwhile stays as the person left it;
   *   <li>a failure never replaces a scored or abstained judgment;
   *   <li>otherwise the cell keeps what it has here.
   * </ul>
   *
   * <p>So edits and hand-set scores made while the evaluation ran survive it, judgments of removed
   * or reworded cells are dropped, and merging the same evaluation twice changes nothing more.
   *
   * @param finished the evaluation to merge in
   * @return the merged evaluation
   */
  public Evaluation merge(Evaluation finished) {
    Objects.requireNonNull(finished, "finished");
    Evaluation moved = finished.withDecision(decision);
    @Nullable Judgment[] merged = cells.clone();
    for (int i = 0; i < merged.length; i++) {
      Judgment mine = merged[i];
      Judgment theirs = moved.cells[i];
      if (theirs == null || isManual(mine) || isManual(theirs)) {
        continue;
      }
      if (theirs instanceof Judgment.Failed && mine != null && !mine.isFailed()) {
        continue;
      }
      merged[i] = theirs;
    }
    return new Evaluation(decision, merged, finished.stats);
  }

  private static boolean isManual(@Nullable Judgment judgment) {
    return judgment != null && judgment.isManual();
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Evaluation other && decision.equals(other.decision) && Arrays.equals(cells, other.cells);
  }

  @Override
  public int hashCode() {
    return decision.hashCode() * 31 + Arrays.hashCode(cells);
  }

  @Override
  public String toString() {
    return "Evaluation[" + decision.options().size() + "x" + decision.criteria().size() + ", " + counts() + "]";
  }

  /**
   * One cell of the matrix.
   *
   * @param option the option
   * @param criterion the criterion
   * @param judgment its judgment, or {@code null} if not judged
   */
  public record Cell(Option option, Criterion criterion, @Nullable Judgment judgment) {}

  /**
   * How many cells are in each state.
   *
   * @param scored cells with a score
   * @param abstained cells where the judge declined
   * @param failed cells whose judgment failed
   * @param missing cells not judged yet
   */
  public record Counts(int scored, int abstained, int failed, int missing) {
    /**
     * Returns the number of cells.
     *
     * @return scored + abstained + failed + missing: the options x criteria of the decision
     */
    public int total() {
      return scored + abstained + failed + missing;
    }
  }
}
