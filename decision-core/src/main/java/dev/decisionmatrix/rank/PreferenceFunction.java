package dev.decisionmatrix.rank;

/**
 * A PROMETHEE preference function (Brans and Vincke 1985): how strongly one option is preferred to
 * another on one criterion, in 0..1, given how much better it scores ({@code d}, in the criterion's
 * score units, already oriented so that positive means better). Zero or negative differences are
 * never a preference.
 */
public sealed interface PreferenceFunction {

  /**
   * Returns the preference for a difference.
   *
   * @param d how much better the first option scores, positive when it is better
   * @return the preference degree in 0..1
   */
  double preference(double d);

  /**
   * Returns the usual criterion (type I): any advantage is full preference.
   *
   * @return the shared instance
   */
  static PreferenceFunction usual() {
    return Usual.INSTANCE;
  }

  /**
   * Returns the V-shape criterion (type III): preference grows linearly up to {@code p}.
   *
   * @param p the preference threshold, positive
   * @return the function
   * @throws IllegalArgumentException if {@code p} is not positive
   */
  static PreferenceFunction vShape(double p) {
    return new VShape(p);
  }

  /**
   * Returns the linear criterion (type V, V-shape with indifference): no preference up to {@code
   * q}, then linear up to full preference at {@code p}.
   *
   * @param q the indifference threshold, at least 0
   * @param p the preference threshold, greater than {@code q}
   * @return the function
   * @throws IllegalArgumentException if not {@code 0 <= q < p}
   */
  static PreferenceFunction linear(double q, double p) {
    return new Linear(q, p);
  }

  /** Type I: {@code P(d) = 1} if {@code d > 0}, else 0. */
  enum Usual implements PreferenceFunction {
    /** The only instance. */
    INSTANCE;

    @Override
    public double preference(double d) {
      return d > 0 ? 1 : 0;
    }
  }

  /**
   * Type III: {@code P(d) = d / p} for {@code 0 < d <= p}, 1 above.
   *
   * @param p the preference threshold, positive
   */
  record VShape(double p) implements PreferenceFunction {

    /**
     * Validates the threshold.
     *
     * @throws IllegalArgumentException if {@code p} is not positive
     */
    public VShape {
      if (!(p > 0) || Double.isInfinite(p)) {
        throw new IllegalArgumentException("the V-shape preference threshold p must be a positive number of score points but was " + p);
      }
    }

    @Override
    public double preference(double d) {
      return d <= 0 ? 0 : d >= p ? 1 : d / p;
    }
  }

  /**
   * Type V: {@code P(d) = 0} for {@code d <= q}, {@code (d - q) / (p - q)} for {@code q < d <= p},
   * 1 above.
   *
   * @param q the indifference threshold, at least 0
   * @param p the preference threshold, greater than {@code q}
   */
  record Linear(double q, double p) implements PreferenceFunction {

    /**
     * Validates the thresholds.
     *
     * @throws IllegalArgumentException if not {@code 0 <= q < p}
     */
    public Linear {
      if (!(q >= 0 && p > q) || Double.isInfinite(p)) {
        throw new IllegalArgumentException("the linear preference function needs 0 <= q < p (indifference below preference threshold, in score points)"
            + " but got q=" + q + ", p=" + p);
      }
    }

    @Override
    public double preference(double d) {
      return d <= q ? 0 : d >= p ? 1 : (d - q) / (p - q);
    }
  }
}
