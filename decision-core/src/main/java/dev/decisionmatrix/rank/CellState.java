package dev.decisionmatrix.rank;

/** What a cell of a {@link ScoreMatrix} holds. */
public enum CellState {
  /** A score. */
  SCORED,
  /** The judge declined; the {@link MissingDataPolicy} decides what the cell counts as. */
  ABSTAINED,
  /** Judging failed; the option's total is provisional. */
  FAILED,
  /** Not judged yet; the option's total is provisional. */
  MISSING
}
