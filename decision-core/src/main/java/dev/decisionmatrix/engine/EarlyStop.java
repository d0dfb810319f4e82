package dev.decisionmatrix.engine;

/**
 * Self-consistency early stop for cells judged with several samples: the engine first asks for
 * {@value #PROBE} samples only, and when both are scores that differ by at most {@code tolerance}
 * points, the cell is done with those two (its spread and sample count say so); otherwise the
 * remaining samples are asked for and the cell is reduced from all of them as usual. Agreeing
 * answers are the common case for clear-cut cells, so most cells then cost two calls instead of
 * {@code k}, while the cells where the judge wavers still get every sample. It changes nothing with
 * fewer than three samples per cell, and is off unless set in {@link EvaluationOptions}.
 *
 * @param tolerance the largest difference, in score points (0..9), between the first two scores
 *     that counts as agreement; 0 means they must be identical
 */
public record EarlyStop(double tolerance) {

  /** How many samples are asked for first. */
  public static final int PROBE = 2;

  /** Stop when the first two scores are identical. */
  public static final EarlyStop IDENTICAL = new EarlyStop(0);

  /**
   * Validates the tolerance.
   *
   * @throws IllegalArgumentException if it is not in 0..9
   */
  public EarlyStop {
    if (!(tolerance >= 0 && tolerance <= 9)) {
      throw new IllegalArgumentException("early-stop tolerance must be between 0 and 9 score points but was " + tolerance);
    }
  }

  /**
   * Tells whether two sampled scores agree closely enough to stop.
   *
   * @param first one score
   * @param second the other
   * @return {@code true} if they differ by at most the tolerance
   */
  public boolean agree(double first, double second) {
    return Math.abs(first - second) <= tolerance + 1e-9;
  }
}
