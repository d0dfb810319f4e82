package dev.decisionmatrix.rank;

/** What a cell of a {@link ScoreMatrix} holds. */
public enum CellState {
  /** A score. */
  SCORED,
  /** The judge declined; the criterion is left out of the option's total. */
  ABSTAINED,
  /** Judging failed; the option's total is provisional. */
  FAILED,
  /** Not judged yet; the option's total is provisional. */
  MISSING
}
