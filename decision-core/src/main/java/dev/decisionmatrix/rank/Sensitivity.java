package dev.decisionmatrix.rank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sensitivity of a ranking to the weights: flip points per criterion, and win probabilities under
 * random weight perturbations, for the ranking method shown (weighted sum by default). Pure and
 * thread-safe.
 *
 * <p><b>Flip points.</b> For the weighted sum they are exact: with all other weights fixed, each
 * option's weighted average is a ratio of two linear functions of one criterion's weight {@code w};
 * two options tie where a quadratic in {@code w} has a root. For the other methods, whose scores are
 * not rational in {@code w} (TOPSIS) or not of that form (weighted product), the weight is scanned
 * on a logarithmic grid of {@value #GRID} points outward from its current value and the first change
 * of leader is bisected to within 1e-6. Either way a flip is reported only where another option
 * actually leads just past it, inside 0.1..10, nearest to the current weight on each side.
 *
 * <p><b>Win probabilities and rank intervals.</b> Each trial multiplies every weight by an
 * independent factor drawn log-uniformly from [1/spread, spread] (default spread 2, so weights range
 * from half to double) and, where a cell's score was reduced from several samples, redraws it
 * uniformly within the samples' range; it records who leads and every option's rank. The random
 * source is seeded, so a report is repeatable.
 */
public final class Sensitivity {

  /** Default number of Monte Carlo trials. */
  public static final int DEFAULT_TRIALS = 2_000;

  private static final double MIN_WEIGHT = 0.1;
  private static final double MAX_WEIGHT = 10;
  private static final double EPS = 1e-7;
  static final int GRID = 400;

  private Sensitivity() {}

  /**
   * Analyses a matrix with {@value #DEFAULT_TRIALS} trials, spread 2 and a fixed seed.
   *
   * @param matrix the scores and weights
   * @return the report
   */
  public static SensitivityReport analyze(ScoreMatrix matrix) {
    return analyze(matrix, DEFAULT_TRIALS, 2.0, 42L);
  }

  /**
   * Analyses the leader of a ranking method with {@value #DEFAULT_TRIALS} trials, spread 2 and a
   * fixed seed.
   *
   * @param matrix the scores and weights
   * @param method the ranking method whose leader is analysed
   * @return the report
   */
  public static SensitivityReport analyze(ScoreMatrix matrix, RankingMethod method) {
    return analyze(matrix, method, DEFAULT_TRIALS, 2.0, 42L);
  }

  /**
   * Analyses a matrix.
   *
   * @param matrix the scores and weights
   * @param trials Monte Carlo trials, 0 to skip them
   * @param spread largest factor a weight is multiplied or divided by, at least 1
   * @param seed seed of the random source
   * @return the report
   * @throws IllegalArgumentException if trials is negative or spread below 1
   */
  public static SensitivityReport analyze(ScoreMatrix matrix, int trials, double spread, long seed) {
    return analyze(matrix, RankingMethod.weightedSum(), trials, spread, seed);
  }

  /**
   * Analyses the leader of a ranking method.
   *
   * @param matrix the scores and weights
   * @param method the ranking method whose leader is analysed
   * @param trials Monte Carlo trials, 0 to skip them
   * @param spread largest factor a weight is multiplied or divided by, at least 1
   * @param seed seed of the random source
   * @return the report
   * @throws IllegalArgumentException if trials is negative or spread below 1
   */
  public static SensitivityReport analyze(ScoreMatrix matrix, RankingMethod method, int trials, double spread, long seed) {
    java.util.Objects.requireNonNull(method, "method");
    boolean exact = method instanceof WeightedSum;
    if (trials < 0) {
      throw new IllegalArgumentException("trials must not be negative but was " + trials);
    }
    if (!(spread >= 1)) {
      throw new IllegalArgumentException("spread must be at least 1 but was " + spread);
    }
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] weights = matrix.weights();
    int leader = exact ? leader(matrix, weights) : leader(method.optionScores(matrix));
    if (leader < 0) {
      return new SensitivityReport(method.name(), null, List.of(), Map.of(), 0,
          "No single leader yet (nothing scored, or a tie), so there is nothing to test.");
    }
    List<WeightFlip> flips = new ArrayList<>(m);
    Scanner scanner = exact ? null : new Scanner(matrix, method);
    for (int c = 0; c < m; c++) {
      flips.add(exact ? flip(matrix, weights, leader, c) : scannedFlip(matrix, scanner, weights, leader, c));
    }
    Map<String, Double> wins = Map.of();
    Map<String, RankInterval> intervals = Map.of();
    if (trials > 0) {
      MonteCarlo.Outcome outcome = MonteCarlo.run(matrix, method, trials, spread, seed);
      wins = outcome.winProbability(matrix.optionNames());
      intervals = outcome.rankIntervals(matrix.optionNames());
    }
    String name = matrix.optionNames().get(leader);
    return new SensitivityReport(method.name(), name, flips, wins, trials, summary(name, flips, wins, n, spread, noisy(matrix)), intervals);
  }

  /** Returns the index of the single best score, or -1 if none or tied. */
  private static int leader(double[] scores) {
    int best = -1;
    boolean tied = false;
    for (int o = 0; o < scores.length; o++) {
      if (Double.isNaN(scores[o])) {
        continue;
      }
      if (best < 0 || scores[o] > scores[best] && !RankingAssembler.tied(scores[o], scores[best])) {
        best = o;
        tied = false;
      } else if (RankingAssembler.tied(scores[o], scores[best])) {
        tied = true;
      }
    }
    return tied ? -1 : best;
  }


  /** A flip point found by scanning one weight on a log grid and bisecting the first change of leader. */
  private static WeightFlip scannedFlip(ScoreMatrix matrix, Scanner scanner, double[] weights, int leader, int c) {
    double current = weights[c];
    TrialKernel.OneWeight scores = scanner.kernel.oneWeight(weights, c);
    double[] lower = scan(scanner, scores, current, leader, MIN_WEIGHT);
    double[] upper = scan(scanner, scores, current, leader, MAX_WEIGHT);
    return new WeightFlip(matrix.criterionNames().get(c), current,
        lower == null ? Double.NaN : lower[0], lower == null ? null : matrix.optionNames().get((int) lower[1]),
        upper == null ? Double.NaN : upper[0], upper == null ? null : matrix.optionNames().get((int) upper[1]));
  }

  /** Walks from the current weight toward {@code end}; returns {flip weight, new leader} or null. */
  private static double @org.jspecify.annotations.Nullable [] scan(Scanner scanner, TrialKernel.OneWeight scores, double current, int leader,
      double end) {
    if (Math.abs(end - current) < EPS) {
      return null;
    }
    double step = Math.log(end / current) / (GRID / 2.0);
    double same = current;
    for (int i = 1; i <= GRID / 2; i++) {
      double w = i == GRID / 2 ? end : current * Math.exp(step * i);
      int who = scanner.leaderWith(scores, w);
      if (who != leader && who >= 0) {
        double lo = same;
        double hi = w;
        while (Math.abs(hi - lo) > 1e-6) {
          double mid = (lo + hi) / 2;
          if (scanner.leaderWith(scores, mid) == leader) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        int taker = scanner.leaderWith(scores, hi);
        return taker >= 0 && taker != leader ? new double[] {hi, taker} : null;
      }
      if (who == leader) {
        same = w;
      }
    }
    return null;
  }

  /**
   * Scores the matrix under changed weights for the flip scans, through the method's Monte Carlo
   * kernel: what does not depend on the weights is computed once, and for TOPSIS and the
   * per-criterion methods what does not depend on the scanned weight is computed once per
   * criterion, so a grid point costs one pass over the options.
   */
  private static final class Scanner {

    private final TrialKernel kernel;
    private final double[] scores;

    Scanner(ScoreMatrix matrix, RankingMethod method) {
      int n = matrix.optionCount();
      int m = matrix.criterionCount();
      double[] values = new double[n * m];
      for (int o = 0; o < n; o++) {
        for (int c = 0; c < m; c++) {
          values[o * m + c] = matrix.value(o, c);
        }
      }
      kernel = TrialKernel.of(matrix, method, values, new double[n * m], false);
      scores = new double[n];
    }

    int leaderWith(TrialKernel.OneWeight scorer, double w) {
      scorer.score(w, scores);
      return leader(scores);
    }
  }

  /** Returns the index of the single best option by weighted sum, or -1 if none or tied. */
  private static int leader(ScoreMatrix matrix, double[] weights) {
    return leader(WeightedSum.scores(matrix.withWeights(weights)));
  }

  private static WeightFlip flip(ScoreMatrix matrix, double[] weights, int leader, int c) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    // S_o(w) = (a[o] + w * x[o]) / (b[o] + w * y[o])
    double[] a = new double[n];
    double[] b = new double[n];
    double[] x = new double[n];
    double[] y = new double[n];
    for (int o = 0; o < n; o++) {
      for (int k = 0; k < m; k++) {
        double v = matrix.value(o, k);
        if (Double.isNaN(v)) {
          continue;
        }
        if (k == c) {
          x[o] = v;
          y[o] = 1;
        } else {
          a[o] += weights[k] * v;
          b[o] += weights[k];
        }
      }
    }
    double current = weights[c];
    List<Double> roots = new ArrayList<>();
    for (int o = 0; o < n; o++) {
      if (o == leader) {
        continue;
      }
      // (a_o + w x_o)(b_L + w y_L) = (a_L + w x_L)(b_o + w y_o)
      double qa = x[o] * y[leader] - x[leader] * y[o];
      double qb = a[o] * y[leader] + x[o] * b[leader] - a[leader] * y[o] - x[leader] * b[o];
      double qc = a[o] * b[leader] - a[leader] * b[o];
      solve(qa, qb, qc, roots);
    }
    double lower = Double.NaN;
    String lowerLeader = null;
    double upper = Double.NaN;
    String upperLeader = null;
    roots.sort(Comparator.comparingDouble(r -> Math.abs(r - current)));
    for (double r : roots) {
      boolean below = r < current;
      double probe = below ? r - EPS : r + EPS;
      // Only where another option leads just past the root, still inside the allowed range: a root
      // at a range end where the challenger merely ties is no flip.
      if (probe < MIN_WEIGHT || probe > MAX_WEIGHT || Math.abs(r - current) < EPS) {
        continue;
      }
      if (below ? !Double.isNaN(lower) : !Double.isNaN(upper)) {
        continue;
      }
      int who = leaderAt(a, b, x, y, probe);
      if (who >= 0 && who != leader) {
        if (below) {
          lower = r;
          lowerLeader = matrix.optionNames().get(who);
        } else {
          upper = r;
          upperLeader = matrix.optionNames().get(who);
        }
      }
    }
    return new WeightFlip(matrix.criterionNames().get(c), current, lower, lowerLeader, upper, upperLeader);
  }

  private static void solve(double qa, double qb, double qc, List<Double> out) {
    double scale = Math.max(Math.abs(qa), Math.max(Math.abs(qb), Math.abs(qc)));
    if (scale == 0) {
      return;
    }
    if (Math.abs(qa) <= 1e-12 * scale) {
      if (Math.abs(qb) > 1e-12 * scale) {
        out.add(-qc / qb);
      }
      return;
    }
    double disc = qb * qb - 4 * qa * qc;
    if (disc < 0) {
      return;
    }
    double sq = Math.sqrt(disc);
    // Numerically stable form.
    double q = -0.5 * (qb + Math.copySign(sq, qb));
    out.add(q / qa);
    if (q != 0) {
      out.add(qc / q);
    }
  }

  private static int leaderAt(double[] a, double[] b, double[] x, double[] y, double w) {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < a.length; o++) {
      double den = b[o] + w * y[o];
      if (den <= 0) {
        continue;
      }
      double s = (a[o] + w * x[o]) / den;
      if (s > bestScore) {
        bestScore = s;
        best = o;
      }
    }
    return best;
  }

  private static boolean noisy(ScoreMatrix matrix) {
    for (int o = 0; o < matrix.optionCount(); o++) {
      for (int c = 0; c < matrix.criterionCount(); c++) {
        if (matrix.sampleSpread(o, c) > 0 && !Double.isNaN(matrix.value(o, c))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String summary(String leader, List<WeightFlip> flips, Map<String, Double> wins, int n, double spread, boolean noisy) {
    StringBuilder s = new StringBuilder();
    if (!wins.isEmpty()) {
      double p = wins.getOrDefault(leader, 0.0);
      String range = spread == 2 ? "halved to doubled"
          : String.format(Locale.ROOT, "divided or multiplied by up to %s", spread == Math.rint(spread) ? String.valueOf((long) spread) : String.format(Locale.ROOT, "%.2f", spread));
      s.append(String.format(Locale.ROOT, "%s wins %s of trials with every weight randomly %s%s", leader, SensitivityReport.percent(p), range,
          noisy ? " and each sampled score redrawn within its samples' range" : ""));
      s.append(p >= 0.9 ? " (robust)" : p >= 0.6 ? " (fairly robust)" : " (fragile)");
      // The map is best first: name whoever ranks first more often than the leader, so the text
      // never reads as if the leader were the likeliest winner when the data says otherwise.
      Map.Entry<String, Double> top = wins.entrySet().iterator().next();
      if (!top.getKey().equals(leader) && top.getValue() > p) {
        s.append("; ").append(top.getKey()).append(" ranks first more often (").append(SensitivityReport.percent(top.getValue())).append(')');
      }
      s.append(". ");
    }
    WeightFlip nearest = null;
    double nearestRatio = Double.POSITIVE_INFINITY;
    for (WeightFlip f : flips) {
      for (double flip : new double[] {f.lowerFlip(), f.upperFlip()}) {
        if (!Double.isNaN(flip)) {
          double ratio = Math.abs(Math.log(flip / f.weight()));
          if (ratio < nearestRatio) {
            nearestRatio = ratio;
            nearest = f;
          }
        }
      }
    }
    if (nearest == null) {
      s.append("No single weight between 0.1 and 10 changes the leader.");
    } else {
      boolean lower = !Double.isNaN(nearest.lowerFlip())
          && (Double.isNaN(nearest.upperFlip()) || Math.abs(Math.log(nearest.lowerFlip() / nearest.weight())) <= Math.abs(Math.log(nearest.upperFlip() / nearest.weight())));
      s.append(String.format(Locale.ROOT, "The most sensitive weight is %s: %s from %.2f to %.2f makes %s the leader.",
          nearest.criterion(), lower ? "lowering it" : "raising it", nearest.weight(), lower ? nearest.lowerFlip() : nearest.upperFlip(),
          lower ? nearest.lowerLeader() : nearest.upperLeader()));
    }
    return s.toString().strip();
  }
}
