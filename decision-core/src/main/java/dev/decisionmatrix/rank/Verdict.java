package dev.decisionmatrix.rank;

/** How clear the recommendation is. */
public enum Verdict {
  /** Nothing has been scored: there is no winner to name. */
  NO_DATA,
  /** Only one option has a score. */
  ONLY_OPTION,
  /** Two or more options share the best score. */
  TIE,
  /** The leader is ahead, but by less than the method's margin for a clear win. */
  CLOSE,
  /** The leader is ahead by at least the method's margin. */
  CLEAR_WINNER
}
