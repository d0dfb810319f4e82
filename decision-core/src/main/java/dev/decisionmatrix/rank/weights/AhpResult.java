package dev.decisionmatrix.rank.weights;

import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Ahp#weigh(double[][])} derived from a pairwise comparison matrix. Immutable: the
 * weights are copied in and out.
 */
public final class AhpResult {

  /** Saaty's threshold: a consistency ratio at or above it means the judgments should be revised. */
  public static final double CONSISTENCY_THRESHOLD = 0.10;

  private final double[] weights;
  private final double lambdaMax;
  private final double ci;
  private final double cr;
  private final @Nullable InconsistentJudgment mostInconsistent;

  AhpResult(double[] weights, double lambdaMax, double ci, double cr, @Nullable InconsistentJudgment mostInconsistent) {
    this.weights = weights.clone();
    this.lambdaMax = lambdaMax;
    this.ci = ci;
    this.cr = cr;
    this.mostInconsistent = mostInconsistent;
  }

  /**
   * Returns the priority weights: the principal eigenvector, normalised to sum 1.
   *
   * @return a new array, one weight per compared element, in matrix order
   */
  public double[] weights() {
    return weights.clone();
  }

  /**
   * Returns one element's weight.
   *
   * @param index the element's index in the matrix
   * @return its weight in 0..1
   * @throws ArrayIndexOutOfBoundsException if the index is out of range
   */
  public double weight(int index) {
    return weights[index];
  }

  /**
   * Returns the principal eigenvalue; {@code n} exactly when the judgments are consistent.
   *
   * @return lambda max, at least {@code n} up to rounding
   */
  public double lambdaMax() {
    return lambdaMax;
  }

  /**
   * Returns the consistency index {@code (lambdaMax - n) / (n - 1)}.
   *
   * @return the CI, 0 for consistent judgments
   */
  public double ci() {
    return ci;
  }

  /**
   * Returns the consistency ratio {@code CI / RI(n)}, with Saaty's random index; 0 for {@code n = 2},
   * where any reciprocal matrix is consistent.
   *
   * @return the CR
   */
  public double cr() {
    return cr;
  }

  /**
   * Tells whether the judgments are consistent enough to use: CR below {@value
   * #CONSISTENCY_THRESHOLD}.
   *
   * @return {@code true} if {@link #cr()} is below the threshold
   */
  public boolean consistent() {
    return cr < CONSISTENCY_THRESHOLD;
  }

  /**
   * Returns the judgment that deviates most from the derived weights, to revise first.
   *
   * @return that judgment, or {@code null} when every judgment agrees with the weights exactly
   */
  public @Nullable InconsistentJudgment mostInconsistent() {
    return mostInconsistent;
  }

  /**
   * Says in one or two sentences whether the judgments can be used and, if not, which to revisit.
   *
   * @return the summary, e.g. {@code "Consistent: CR 0.03 < 0.10."}
   */
  public String summary() {
    String head = String.format(Locale.ROOT, "CR %.3f", cr);
    if (consistent()) {
      return "Consistent: " + head + " < 0.10.";
    }
    InconsistentJudgment j = mostInconsistent;
    String tail = j == null ? "" : String.format(Locale.ROOT,
        " The most inconsistent judgment is a[%d][%d] = %s; the other judgments imply %.2f, so consider %s.",
        j.row(), j.column(), Ahp.scaleText(j.given()), j.consistent(), Ahp.scaleText(j.suggested()));
    return "Inconsistent: " + head + " >= 0.10, so the judgments contradict each other too much to trust the weights." + tail;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "AhpResult[weights=%s, lambdaMax=%.4f, ci=%.4f, cr=%.4f]", Arrays.toString(weights), lambdaMax, ci, cr);
  }
}
