package dev.decisionmatrix.engine;

/** Which cells an evaluation judges. Cells a person scored by hand are never re-judged. */
public enum Scope {
  /** Cells without a judgment and cells whose judgment failed (the default). */
  MISSING,
  /** Only cells whose judgment failed. */
  FAILED,
  /** Every cell again, bypassing cached judgments; the new answers replace the cached ones. */
  ALL
}
