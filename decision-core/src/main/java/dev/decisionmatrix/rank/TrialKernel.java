package dev.decisionmatrix.rank;

import java.util.SplittableRandom;

/**
 * Scores the options of one Monte Carlo trial. A kernel is made once per block of trials: it
 * precomputes what does not change from trial to trial (a TOPSIS matrix's column norms and
 * distances when only the weights vary, PROMETHEE II's per-criterion flows) and keeps its scratch
 * arrays, so a trial allocates nothing. Each kernel computes what its method's {@code
 * optionScores} computes, up to floating-point rounding. Not thread-safe: one per block.
 */
abstract class TrialKernel {

  final int n;
  final int m;
  /** Benefit-oriented values as the matrix holds them, {@code NaN} where a cell has none. */
  final double[] values;
  /** Half the sample range per cell: a sampled score is redrawn within value ± halfRange. */
  final double[] halfRange;
  final boolean noisy;

  TrialKernel(ScoreMatrix matrix, double[] values, double[] halfRange, boolean noisy) {
    this.n = matrix.optionCount();
    this.m = matrix.criterionCount();
    this.values = values;
    this.halfRange = halfRange;
    this.noisy = noisy;
  }

  /** Chooses the fastest kernel that computes the method's scores exactly. */
  static TrialKernel of(ScoreMatrix matrix, RankingMethod method, double[] values, double[] halfRange, boolean noisy) {
    if (method instanceof WeightedSum) {
      return new WeightedSumKernel(matrix, values, halfRange, noisy);
    }
    if (method instanceof Topsis) {
      return noisy ? new NoisyTopsisKernel(matrix, values, halfRange) : new TopsisKernel(matrix, values, halfRange);
    }
    if (method instanceof PrometheeII p && PrometheeFlows.complete(matrix)) {
      return noisy
          ? new NoisyPrometheeKernel(matrix, values, halfRange, p)
          : new LinearKernel(matrix, values, halfRange, PrometheeFlows.perCriterion(p, matrix));
    }
    return new GenericKernel(matrix, method, values, halfRange, noisy);
  }

  /**
   * Scores one trial.
   *
   * @param w this trial's weights (benefit-oriented, positive)
   * @param random the block's random stream, for redrawing sampled scores
   * @param out receives one score per option, {@code NaN} for an option without one
   */
  abstract void score(double[] w, SplittableRandom random, double[] out);

  /** Scores the options as one weight moves while the others stay fixed: what the flip scans ask. */
  interface OneWeight {
    /**
     * Scores the options with the chosen criterion's weight set to {@code weight}.
     *
     * @param weight the criterion's weight, positive
     * @param out receives one score per option, as {@link #score} writes them
     */
    void score(double weight, double[] out);
  }

  /**
   * Returns a scorer for the weights {@code w} with criterion {@code c}'s weight free. This one
   * re-scores the whole trial; kernels whose score separates by criterion precompute the other
   * criteria's share once, so each point of a scan costs one pass over the options.
   *
   * @param w the weights; not changed, and read only now
   * @param c the criterion whose weight moves
   * @return the scorer, valid until this kernel scores again
   */
  OneWeight oneWeight(double[] w, int c) {
    double[] changed = w.clone();
    SplittableRandom fixed = new SplittableRandom(0);
    return (weight, out) -> {
      changed[c] = weight;
      score(changed, fixed, out);
    };
  }

  /** The sum of the weights other than criterion c's. */
  final double sumExcept(double[] w, int c) {
    double sum = 0;
    for (int k = 0; k < m; k++) {
      if (k != c) {
        sum += w[k];
      }
    }
    return sum;
  }

  /** Per option, {@code sum_k factor[k] * table[o][k]} over every criterion but c (row-major table). */
  final double[] restOf(double[] factor, double[] table, int c) {
    double[] rest = new double[n];
    for (int o = 0; o < n; o++) {
      int row = o * m;
      for (int k = 0; k < m; k++) {
        if (k != c) {
          rest[o] += factor[k] * table[row + k];
        }
      }
    }
    return rest;
  }

  /** Per option, {@code sum_c w[c] part[o][c] / sum_c w[c]} (row-major parts). */
  final void weightedMean(double[] w, double[] parts, double[] out) {
    double weightSum = 0;
    for (int c = 0; c < m; c++) {
      weightSum += w[c];
    }
    for (int o = 0; o < n; o++) {
      double sum = 0;
      int row = o * m;
      for (int c = 0; c < m; c++) {
        sum += w[c] * parts[row + c];
      }
      out[o] = sum / weightSum;
    }
  }

  /** A sampled value redrawn uniformly within its samples' range, clipped to 1..10; else the value. */
  final double draw(int cell, SplittableRandom random) {
    double v = values[cell];
    double h = halfRange[cell];
    if (!(h > 0) || v != v) {
      return v;
    }
    double x = v + (random.nextDouble() * 2 - 1) * h;
    return x < 1 ? 1 : x > 10 ? 10 : x; // Math.clamp's NaN and signed-zero checks cost more than the draw

  }

  /** The weighted average, with the redraw fused into the sum: one pass, no copy. */
  static final class WeightedSumKernel extends TrialKernel {

    WeightedSumKernel(ScoreMatrix matrix, double[] values, double[] halfRange, boolean noisy) {
      super(matrix, values, halfRange, noisy);
    }

    @Override
    void score(double[] w, SplittableRandom random, double[] out) {
      for (int o = 0; o < n; o++) {
        double sum = 0;
        double weight = 0;
        int row = o * m;
        for (int c = 0; c < m; c++) {
          double v = noisy ? draw(row + c, random) : values[row + c];
          if (v == v) {
            sum += w[c] * v;
            weight += w[c];
          }
        }
        out[o] = weight == 0 ? Double.NaN : sum / weight;
      }
    }
  }

  /**
   * TOPSIS when only the weights vary. The vector-normalised matrix r and each column's ideal and
   * anti-ideal do not depend on the weights (a positive weight scales a column), so an option's
   * squared distance to the ideal is {@code sum_c (w_c/W)^2 (r - r*)^2}: the squared gaps are
   * computed once, and a trial costs two multiply-adds per cell.
   */
  static final class TopsisKernel extends TrialKernel {

    private final double[] gapBest;
    private final double[] gapWorst;
    private final int[] used;
    private final double[] a;
    private final double[] bestDistance;
    private final double[] worstDistance;

    TopsisKernel(ScoreMatrix matrix, double[] values, double[] halfRange) {
      super(matrix, values, halfRange, false);
      gapBest = new double[n * m];
      gapWorst = new double[n * m];
      used = new int[n];
      a = new double[m];
      bestDistance = new double[n];
      worstDistance = new double[n];
      for (int c = 0; c < m; c++) {
        double squares = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int o = 0; o < n; o++) {
          double v = matrix.raw(o, c);
          if (v == v) {
            squares += v * v;
          }
        }
        double norm = Math.sqrt(squares);
        for (int o = 0; o < n; o++) {
          double v = matrix.raw(o, c);
          if (v == v && norm > 0) {
            max = Math.max(max, v / norm);
            min = Math.min(min, v / norm);
          }
        }
        double best = matrix.isCost(c) ? min : max;
        double worst = matrix.isCost(c) ? max : min;
        for (int o = 0; o < n; o++) {
          double v = matrix.raw(o, c);
          if (v == v && norm > 0) {
            double r = v / norm;
            gapBest[o * m + c] = (r - best) * (r - best);
            gapWorst[o * m + c] = (r - worst) * (r - worst);
            used[o]++;
          }
        }
      }
    }

    @Override
    void score(double[] w, SplittableRandom random, double[] out) {
      double weightSum = 0;
      for (int c = 0; c < m; c++) {
        weightSum += w[c];
      }
      for (int c = 0; c < m; c++) {
        double share = w[c] / weightSum;
        a[c] = share * share;
      }
      for (int o = 0; o < n; o++) {
        double toBest = 0;
        double toWorst = 0;
        int row = o * m;
        for (int c = 0; c < m; c++) {
          toBest += a[c] * gapBest[row + c];
          toWorst += a[c] * gapWorst[row + c];
        }
        bestDistance[o] = toBest;
        worstDistance[o] = toWorst;
      }
      closeness(bestDistance, worstDistance, used, out);
    }

    /** Each option's squared distances split into criterion c's term and the fixed rest. */
    @Override
    OneWeight oneWeight(double[] w, int c) {
      double[] squared = new double[m];
      for (int k = 0; k < m; k++) {
        squared[k] = w[k] * w[k];
      }
      double[] restBest = restOf(squared, gapBest, c);
      double[] restWorst = restOf(squared, gapWorst, c);
      double others = sumExcept(w, c);
      return (weight, out) -> {
        double total = others + weight;
        double scale = 1 / (total * total);
        for (int o = 0; o < n; o++) {
          bestDistance[o] = (restBest[o] + weight * weight * gapBest[o * m + c]) * scale;
          worstDistance[o] = (restWorst[o] + weight * weight * gapWorst[o * m + c]) * scale;
        }
        closeness(bestDistance, worstDistance, used, out);
      };
    }
  }

  /**
   * TOPSIS when sampled scores are redrawn too: the norms, ideals and distances are recomputed
   * every trial, in two passes over the cells into scratch arrays.
   */
  static final class NoisyTopsisKernel extends TrialKernel {

    private final boolean[] cost;
    private final double[] raw;
    private final double[] squares;
    private final double[] max;
    private final double[] min;
    private final double[] scale;
    private final double[] best;
    private final double[] worst;
    private final int[] used;
    private final double[] bestDistance;
    private final double[] worstDistance;

    NoisyTopsisKernel(ScoreMatrix matrix, double[] values, double[] halfRange) {
      super(matrix, values, halfRange, true);
      cost = new boolean[m];
      for (int c = 0; c < m; c++) {
        cost[c] = matrix.isCost(c);
      }
      raw = new double[n * m];
      squares = new double[m];
      max = new double[m];
      min = new double[m];
      scale = new double[m];
      best = new double[m];
      worst = new double[m];
      used = new int[n];
      bestDistance = new double[n];
      worstDistance = new double[n];
      for (int o = 0; o < n; o++) {
        for (int c = 0; c < m; c++) {
          used[o] += values[o * m + c] == values[o * m + c] ? 1 : 0;
        }
      }
    }

    @Override
    void score(double[] w, SplittableRandom random, double[] out) {
      java.util.Arrays.fill(squares, 0);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      for (int o = 0; o < n; o++) {
        int row = o * m;
        for (int c = 0; c < m; c++) {
          double v = draw(row + c, random);
          double x = cost[c] ? 11 - v : v;
          raw[row + c] = x;
          if (x == x) {
            squares[c] += x * x;
            max[c] = Math.max(max[c], x);
            min[c] = Math.min(min[c], x);
          }
        }
      }
      double weightSum = 0;
      for (int c = 0; c < m; c++) {
        weightSum += w[c];
      }
      for (int c = 0; c < m; c++) {
        double norm = Math.sqrt(squares[c]);
        scale[c] = norm > 0 ? w[c] / weightSum / norm : 0;
        best[c] = (cost[c] ? min[c] : max[c]) * scale[c];
        worst[c] = (cost[c] ? max[c] : min[c]) * scale[c];
      }
      for (int o = 0; o < n; o++) {
        double toBest = 0;
        double toWorst = 0;
        int row = o * m;
        for (int c = 0; c < m; c++) {
          double x = raw[row + c];
          if (x == x) {
            double v = x * scale[c];
            toBest += (v - best[c]) * (v - best[c]);
            toWorst += (v - worst[c]) * (v - worst[c]);
          }
        }
        bestDistance[o] = toBest;
        worstDistance[o] = toWorst;
      }
      closeness(bestDistance, worstDistance, used, out);
    }
  }

  /**
   * Writes each option's relative closeness as {@link Topsis} does: {@code NaN} without scores or
   * for 0/0 (nothing tells the option apart), unless no option's closeness is defined, when every
   * scored option ties at 0.5.
   */
  static void closeness(double[] toBest, double[] toWorst, int[] used, double[] out) {
    int defined = 0;
    int undefined = 0;
    for (int o = 0; o < out.length; o++) {
      double dPlus = Math.sqrt(toBest[o]);
      double dMinus = Math.sqrt(toWorst[o]);
      if (used[o] == 0) {
        out[o] = Double.NaN;
      } else if (dPlus + dMinus == 0) {
        out[o] = Double.NaN;
        undefined++;
      } else {
        out[o] = dMinus / (dPlus + dMinus);
        defined++;
      }
    }
    if (defined == 0 && undefined > 0) {
      for (int o = 0; o < out.length; o++) {
        out[o] = used[o] > 0 ? 0.5 : Double.NaN;
      }
    }
  }

  /** Methods whose score is a weighted mean of per-criterion parts: {@code sum_c (w_c/W) part[o][c]}. */
  static final class LinearKernel extends TrialKernel {

    private final double[] parts;

    LinearKernel(ScoreMatrix matrix, double[] values, double[] halfRange, double[] parts) {
      super(matrix, values, halfRange, false);
      this.parts = parts;
    }

    @Override
    void score(double[] w, SplittableRandom random, double[] out) {
      weightedMean(w, parts, out);
    }

    /** Each option's weighted sum of parts split into criterion c's part and the fixed rest. */
    @Override
    OneWeight oneWeight(double[] w, int c) {
      double[] rest = restOf(w, parts, c);
      double others = sumExcept(w, c);
      return (weight, out) -> {
        double total = others + weight;
        for (int o = 0; o < n; o++) {
          out[o] = (rest[o] + weight * parts[o * m + c]) / total;
        }
      };
    }
  }

  /**
   * PROMETHEE II on a complete matrix when sampled scores are redrawn: the columns without a
   * sampled cell keep the flows computed once; each column with one is re-sorted every trial
   * (a bucket sort over the trial's range, then an insertion sort of the values sharing a bucket) and every
   * option's flow on it is read off the sorted values in one sweep: with prefix sums, the options
   * below {@code x - p} (full preference), between {@code x - p} and {@code x - q} (linear
   * preference, summed in closed form) and likewise above, instead of n preference evaluations.
   * So a trial costs {@code O(n)} per redrawn column (after the sort) where the pairwise sum costs
   * {@code O(n^2)}.
   */
  static final class NoisyPrometheeKernel extends TrialKernel {

    private final double[] parts;
    private final boolean[] redrawn;
    private final double[] sign;
    /** Per column: full preference beyond p, none up to q; the usual criterion has p = q = 0. */
    private final double[] p;
    private final double[] q;
    private final boolean[] usual;
    /** This trial's values, row-major as drawn. */
    private final double[] x;
    /** Per column, the oriented raw value of a 1..10 value v is {@code offset + slope * v}. */
    private final double[] offset;
    private final double[] slope;
    private final double[] sorted;
    private final double[] prefix;
    private final double[] column;
    private final int[] buckets;
    private final int[] ord;

    NoisyPrometheeKernel(ScoreMatrix matrix, double[] values, double[] halfRange, PrometheeII method) {
      super(matrix, values, halfRange, true);
      this.parts = PrometheeFlows.perCriterion(method, matrix);
      PreferenceFunction[] functions = method.functions(matrix);
      redrawn = new boolean[m];
      sign = new double[m];
      p = new double[m];
      q = new double[m];
      usual = new boolean[m];

      for (int c = 0; c < m; c++) {
        for (int o = 0; o < n; o++) {
          redrawn[c] |= halfRange[o * m + c] > 0;
        }
        sign[c] = matrix.isCost(c) ? -1 : 1;
        switch (functions[c]) {
          case PreferenceFunction.Usual u -> usual[c] = true;
          case PreferenceFunction.VShape v -> p[c] = v.p();
          case PreferenceFunction.Linear l -> {
            q[c] = l.q();
            p[c] = l.p();
          }
        }
      }
      x = new double[n * m];
      column = new double[n];
      offset = new double[m];
      slope = new double[m];
      for (int c = 0; c < m; c++) {
        offset[c] = sign[c] * matrix.rawOffset(c);
        slope[c] = sign[c] * matrix.rawSlope(c);
      }
      buckets = new int[n + 1];
      ord = new int[n];
      sorted = new double[n];
      prefix = new double[n + 1];
    }

    @Override
    void score(double[] w, SplittableRandom random, double[] out) {
      // Every cell in row-major order, as the method's own scoring of a redrawn matrix draws them.
      for (int i = 0; i < x.length; i++) {
        x[i] = draw(i, random);
      }
      if (n >= 2) {
        for (int c = 0; c < m; c++) {
          if (redrawn[c]) {
            column(c);
          }
        }
      }
      weightedMean(w, parts, out);
    }

    /** Recomputes criterion c's flows from this trial's values. */
    private void column(int c) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double a = slope[c];
      double b0 = offset[c];
      for (int o = 0; o < n; o++) {
        double v = b0 + a * x[o * m + c];
        column[o] = v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      // Bucket sort by value (n buckets over this trial's range), then an insertion sort that only
      // orders the few values sharing a bucket.
      double perBucket = hi > lo ? n / (hi - lo) : 0;
      java.util.Arrays.fill(buckets, 0);
      for (int o = 0; o < n; o++) {
        buckets[Math.min(n - 1, (int) ((column[o] - lo) * perBucket)) + 1]++;
      }
      for (int b = 1; b <= n; b++) {
        buckets[b] += buckets[b - 1];
      }
      for (int o = 0; o < n; o++) {
        double v = column[o];
        int at = buckets[Math.min(n - 1, (int) ((v - lo) * perBucket))]++;
        sorted[at] = v;
        ord[at] = o;
      }
      for (int i = 1; i < n; i++) { // insertion sort within buckets
        double v = sorted[i];
        if (sorted[i - 1] <= v) {
          continue;
        }
        int o = ord[i];
        int j = i - 1;
        while (j >= 0 && sorted[j] > v) {
          sorted[j + 1] = sorted[j];
          ord[j + 1] = ord[j];
          j--;
        }
        sorted[j + 1] = v;
        ord[j + 1] = o;
      }
      for (int i = 0; i < n; i++) {
        prefix[i + 1] = prefix[i] + sorted[i];
      }
      double scale = 1.0 / (n - 1);
      if (usual[c]) {
        // Preferred to every option with a lower value, beaten by every one with a higher value.
        int below = 0;
        int notAbove = 0;
        for (int i = 0; i < n; i++) {
          double v = sorted[i];
          while (below < n && sorted[below] < v) {
            below++;
          }
          while (notAbove < n && sorted[notAbove] <= v) {
            notAbove++;
          }
          parts[ord[i] * m + c] = (below - (n - notAbove)) * scale;
        }
        return;
      }
      double pc = p[c];
      double qc = q[c];
      double perSpan = 1 / (pc - qc);
      int belowP = 0; // values < v - p: full preference of v over them
      int belowQ = 0; // values < v - q
      int aboveQ = 0; // values < v + q
      int aboveP = 0; // values < v + p: from here on, full preference over v
      for (int i = 0; i < n; i++) {
        double v = sorted[i];
        while (belowP < n && sorted[belowP] < v - pc) {
          belowP++;
        }
        while (belowQ < n && sorted[belowQ] < v - qc) {
          belowQ++;
        }
        while (aboveQ < n && sorted[aboveQ] < v + qc) {
          aboveQ++;
        }
        while (aboveP < n && sorted[aboveP] < v + pc) {
          aboveP++;
        }
        double over = belowP + ((v - qc) * (belowQ - belowP) - (prefix[belowQ] - prefix[belowP])) * perSpan;
        double under = (n - aboveP) + ((prefix[aboveP] - prefix[aboveQ]) - (v + qc) * (aboveP - aboveQ)) * perSpan;
        parts[ord[i] * m + c] = (over - under) * scale;
      }
    }
  }

  /** Any other method: a re-weighted copy of the matrix per trial, scored by the method itself. */
  static final class GenericKernel extends TrialKernel {

    private final ScoreMatrix matrix;
    private final RankingMethod method;
    private final double[] drawn;

    GenericKernel(ScoreMatrix matrix, RankingMethod method, double[] values, double[] halfRange, boolean noisy) {
      super(matrix, values, halfRange, noisy);
      this.matrix = matrix;
      this.method = method;
      this.drawn = noisy ? new double[n * m] : values;
    }

    @Override
    void score(double[] w, SplittableRandom random, double[] out) {
      if (noisy) {
        for (int i = 0; i < drawn.length; i++) {
          drawn[i] = draw(i, random);
        }
      }
      ScoreMatrix trial = matrix.withWeights(w);
      if (noisy) {
        trial = trial.withValues(drawn);
      }
      System.arraycopy(method.optionScores(trial), 0, out, 0, n);
    }
  }
}
