package dev.decisionmatrix.rank.weights;

import java.util.Locale;

/**
 * The Analytic Hierarchy Process's weights from a pairwise comparison matrix (Saaty, <i>The
 * Analytic Hierarchy Process</i>, McGraw-Hill, 1980). Entry {@code a[i][j]} says how much more
 * important element {@code i} is than {@code j} on Saaty's scale: 1 equal, 3 moderately, 5
 * strongly, 7 very strongly, 9 extremely more important (even numbers in between), and the
 * reciprocals 1/2..1/9 for less important; {@code a[j][i] = 1 / a[i][j]} and the diagonal is 1.
 *
 * <p>The weights are the principal (Perron) eigenvector, found by power iteration until no weight
 * changes by more than {@value #TOLERANCE}, and normalised to sum 1. The consistency index is
 * {@code CI = (lambdaMax - n) / (n - 1)} and the consistency ratio {@code CR = CI / RI(n)}, with
 * Saaty's random index {@code RI}: the mean CI of random reciprocal matrices, as tabulated in Saaty
 * (1980), p. 21: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for {@code n} = 1..10. A CR of
 * 0.10 or more flags the judgments as too inconsistent to trust; the judgment to revisit first is
 * the one whose {@code |ln(a[i][j] * w[j] / w[i])|} is largest.
 */
public final class Ahp {

  /** Power iteration stops once no weight changes by more than this. */
  public static final double TOLERANCE = 1e-12;

  /** The largest matrix the random index table covers. */
  public static final int MAX_SIZE = 10;

  /** Saaty (1980), p. 21: random index by matrix order n = 1..10 (index n - 1). */
  private static final double[] RANDOM_INDEX = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49};

  /** How far a product {@code a[i][j] * a[j][i]} may be from 1 and still count as reciprocal. */
  private static final double RECIPROCAL_SLACK = 1e-3;

  private static final int MAX_ITERATIONS = 100_000;

  private Ahp() {}

  /**
   * Derives weights and consistency from a pairwise comparison matrix.
   *
   * @param comparisons the square matrix {@code a[i][j]}, {@code n} = 2..{@value #MAX_SIZE}, entries
   *     in 1/9..9, diagonal 1, {@code a[j][i] = 1 / a[i][j]} (to 0.1%: 0.333 passes for 1/3)
   * @return the weights, lambda max, CI, CR and the most inconsistent judgment
   * @throws IllegalArgumentException naming the offending entry and the fix if the matrix is not of
   *     that form
   */
  public static AhpResult weigh(double[][] comparisons) {
    int n = validate(comparisons);
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0 / n);
    double[] next = new double[n];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double sum = multiply(comparisons, w, next);
      double change = 0;
      for (int i = 0; i < n; i++) {
        next[i] /= sum;
        change = Math.max(change, Math.abs(next[i] - w[i]));
      }
      double[] swap = w;
      w = next;
      next = swap;
      if (change <= TOLERANCE) {
        break;
      }
    }
    // With w summing to 1, lambda max is the sum of A w.
    double lambdaMax = multiply(comparisons, w, next);
    double ci = Math.max(0, (lambdaMax - n) / (n - 1));
    double ri = RANDOM_INDEX[n - 1];
    double cr = ri == 0 ? 0 : ci / ri;
    return new AhpResult(w, lambdaMax, ci, cr, mostInconsistent(comparisons, w));
  }

  /**
   * Returns Saaty's random index for a matrix order.
   *
   * @param n the matrix order, 1..{@value #MAX_SIZE}
   * @return RI(n) from Saaty (1980)
   * @throws IllegalArgumentException if the table has no value for {@code n}
   */
  public static double randomIndex(int n) {
    if (n < 1 || n > MAX_SIZE) {
      throw new IllegalArgumentException("Saaty's random index table covers n = 1.." + MAX_SIZE + " but n was " + n);
    }
    return RANDOM_INDEX[n - 1];
  }

  private static double multiply(double[][] a, double[] w, double[] out) {
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      double s = 0;
      for (int j = 0; j < w.length; j++) {
        s += a[i][j] * w[j];
      }
      out[i] = s;
      sum += s;
    }
    return sum;
  }

  private static InconsistentJudgment mostInconsistent(double[][] a, double[] w) {
    int n = w.length;
    InconsistentJudgment worst = null;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double deviation = Math.abs(Math.log(a[i][j] * w[j] / w[i]));
        if (worst == null || deviation > worst.deviation()) {
          double consistent = w[i] / w[j];
          worst = new InconsistentJudgment(i, j, a[i][j], consistent, nearestScaleValue(consistent), deviation);
        }
      }
    }
    return worst != null && worst.deviation() > 1e-9 ? worst : null;
  }

  /** The value of 1/9..1/2, 1..9 nearest to {@code x} in log terms. */
  static double nearestScaleValue(double x) {
    double best = 1;
    for (int k = 1; k <= 9; k++) {
      for (double v : new double[] {k, 1.0 / k}) {
        if (Math.abs(Math.log(x / v)) < Math.abs(Math.log(x / best))) {
          best = v;
        }
      }
    }
    return best;
  }

  /** A scale value as people write it: {@code 3}, {@code 1/3}, or decimals when off the scale. */
  static String scaleText(double v) {
    for (int k = 1; k <= 9; k++) {
      if (Math.abs(v - k) < 1e-9) {
        return Integer.toString(k);
      }
      if (Math.abs(v * k - 1) < 1e-3) {
        return "1/" + k;
      }
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static int validate(double[][] a) {
    int n = a.length;
    if (n < 2) {
      throw new IllegalArgumentException("a pairwise comparison matrix needs at least 2 elements to compare but had " + n + " rows");
    }
    if (n > MAX_SIZE) {
      throw new IllegalArgumentException("a " + n + "x" + n + " comparison matrix is larger than Saaty's random index table (n <= " + MAX_SIZE
          + "), so its consistency cannot be checked; group the criteria into clusters of at most " + MAX_SIZE + " and compare within each");
    }
    for (int i = 0; i < n; i++) {
      if (a[i] == null || a[i].length != n) {
        throw new IllegalArgumentException("a comparison matrix must be square: it has " + n + " rows but row " + i + " has "
            + (a[i] == null ? "none" : a[i].length) + " entries");
      }
    }
    double lowest = 1.0 / 9 * (1 - RECIPROCAL_SLACK);
    double highest = 9 * (1 + RECIPROCAL_SLACK);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = a[i][j];
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("a[" + i + "][" + j + "] must be a positive number on Saaty's scale (1/9..9) but was " + v);
        }
        if (i == j && Math.abs(v - 1) > RECIPROCAL_SLACK) {
          throw new IllegalArgumentException("a[" + i + "][" + i + "] compares an element with itself and must be 1 but was " + v);
        }
        if (v < lowest || v > highest) {
          throw new IllegalArgumentException("a[" + i + "][" + j + "] = " + v + " is off Saaty's scale; use 1..9 or its reciprocals 1/2..1/9");
        }
        if (i < j && Math.abs(v * a[j][i] - 1) > RECIPROCAL_SLACK) {
          throw new IllegalArgumentException("a[" + i + "][" + j + "] = " + scaleText(v) + " and a[" + j + "][" + i + "] = " + a[j][i]
              + " are not reciprocal: a[" + j + "][" + i + "] must be 1 / a[" + i + "][" + j + "] = " + String.format(Locale.ROOT, "%.4f", 1 / v));
        }
      }
    }
    return n;
  }
}
