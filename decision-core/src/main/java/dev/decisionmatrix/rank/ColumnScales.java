package dev.decisionmatrix.rank;

/**
 * How each column's numbers as entered ({@link ScoreMatrix#raw}) map to benefit-oriented values on
 * the 1..10 scale ({@link ScoreMatrix#value}), by an affine map {@code raw = offset + slope *
 * value}. A judged column keeps its score ({@code 11 - s} for a cost); a raw-valued (measured)
 * column is min-max normalised onto 1..10 over the options that have a value, with its best value
 * at 10 (the largest for a benefit, the smallest for a cost) and its worst at 1, and a column
 * whose values are all equal at the midpoint 5.5. The map is affine so that imputed and perturbed
 * values map back to raw values consistently. Immutable once built; arrays are never exposed.
 */
final class ColumnScales {

  private static final double MIDPOINT = 5.5;

  private final boolean[] cost;
  private final boolean[] measured;
  private final double[] offset;
  private final double[] slope;
  /** Per measured column, the smallest and largest value, to map them exactly onto 1 and 10. */
  private final double[] min;
  private final double[] max;

  private ColumnScales(boolean[] cost, boolean[] measured, double[] offset, double[] slope, double[] min, double[] max) {
    this.cost = cost;
    this.measured = measured;
    this.offset = offset;
    this.slope = slope;
    this.min = min;
    this.max = max;
  }

  /** Judged columns only: scores in 1..10, a cost's {@code s} as {@code 11 - s}. */
  static ColumnScales judged(boolean[] cost) {
    return fit(cost, new boolean[cost.length], new double[0]);
  }

  /**
   * Fits the maps: measured columns from their raw values, the others as judged scores.
   *
   * @param cost per column, whether less is better
   * @param measured per column, whether it holds raw values in a unit
   * @param raw the raw values, options x criteria in row order, {@code NaN} where a cell has none;
   *     only read for measured columns
   */
  static ColumnScales fit(boolean[] cost, boolean[] measured, double[] raw) {
    int m = cost.length;
    double[] offset = new double[m];
    double[] slope = new double[m];
    double[] mins = new double[m];
    double[] maxs = new double[m];
    for (int c = 0; c < m; c++) {
      offset[c] = cost[c] ? 11 : 0;
      slope[c] = cost[c] ? -1 : 1;
      if (!measured[c]) {
        continue;
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = c; i < raw.length; i += m) {
        if (!Double.isNaN(raw[i])) {
          min = Math.min(min, raw[i]);
          max = Math.max(max, raw[i]);
        }
      }
      if (min > max) {
        continue; // no values yet: the map is never used
      }
      mins[c] = min;
      maxs[c] = max;
      double step = (max - min) / 9;
      slope[c] = cost[c] ? -step : step;
      offset[c] = cost[c] ? max + step : min - step;
      if (step == 0) {
        offset[c] = min;
      }
    }
    return new ColumnScales(cost.clone(), measured.clone(), offset, slope, mins, maxs);
  }

  /** The benefit-oriented value on 1..10 of a raw value; {@code NaN} stays {@code NaN}. */
  double toValue(int c, double raw) {
    if (Double.isNaN(raw)) {
      return Double.NaN;
    }
    if (!measured[c]) {
      return (raw - offset[c]) / slope[c];
    }
    if (slope[c] == 0) {
      return MIDPOINT;
    }
    double share = (cost[c] ? max[c] - raw : raw - min[c]) / (max[c] - min[c]);
    return 1 + 9 * share;
  }

  /** The raw value of a benefit-oriented value; {@code NaN} stays {@code NaN}. */
  double toRaw(int c, double value) {
    return offset[c] + slope[c] * value;
  }

  double offset(int c) {
    return offset[c];
  }

  double slope(int c) {
    return slope[c];
  }

  boolean isCost(int c) {
    return cost[c];
  }

  boolean isMeasured(int c) {
    return measured[c];
  }

  int size() {
    return cost.length;
  }
}
