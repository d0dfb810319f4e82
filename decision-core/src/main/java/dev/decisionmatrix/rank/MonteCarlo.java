package dev.decisionmatrix.rank;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded Monte Carlo over a ranking: each trial multiplies every weight by an independent factor
 * drawn log-uniformly from [1/spread, spread] and, where a cell's score was reduced from several
 * samples, redraws that score uniformly within the samples' range (clipped to 1..10). It records who
 * ranks first (ties share the win) and every option's rank, from which the win probabilities and
 * rank intervals follow. Each block scores its trials with a {@link TrialKernel} that precomputes
 * what the trials share and allocates nothing per trial; methods without one are called per trial.
 */
final class MonteCarlo {

  /** Win shares by option index, and for each option how often it took each rank. */
  record Outcome(double[] winShare, int[][] rankCounts, int trials) {

    Map<String, Double> winProbability(List<String> names) {
      Integer[] order = new Integer[winShare.length];
      for (int o = 0; o < order.length; o++) {
        order[o] = o;
      }
      Arrays.sort(order, Comparator.comparingDouble(o -> -winShare[o]));
      Map<String, Double> out = new LinkedHashMap<>();
      for (int o : order) {
        if (winShare[o] > 0) {
          out.put(names.get(o), winShare[o] / trials);
        }
      }
      return out;
    }

    Map<String, RankInterval> rankIntervals(List<String> names) {
      Map<String, RankInterval> out = new LinkedHashMap<>();
      for (int o = 0; o < rankCounts.length; o++) {
        int ranked = Arrays.stream(rankCounts[o]).sum();
        if (ranked > 0) {
          out.put(names.get(o), new RankInterval(percentile(rankCounts[o], ranked, 0.05), percentile(rankCounts[o], ranked, 0.5),
              percentile(rankCounts[o], ranked, 0.95)));
        }
      }
      return out;
    }

    /** The smallest rank r such that at least {@code q} of the trials ranked the option at r or better. */
    private static int percentile(int[] counts, int total, double q) {
      double need = q * total;
      int seen = 0;
      for (int r = 0; r < counts.length; r++) {
        seen += counts[r];
        if (seen >= need && seen > 0) {
          return r + 1;
        }
      }
      return counts.length;
    }
  }

  private MonteCarlo() {}

  /** Trials per block: each block has its own random stream, split from the seed in block order. */
  static final int BLOCK = 500;

  /** Below this many cell visits a run stays on the calling thread. */
  private static final long PARALLEL_WORK = 2_000_000;

  static Outcome run(ScoreMatrix matrix, RankingMethod method, int trials, double spread, long seed) {
    return run(matrix, method, trials, spread, seed, PARALLEL_WORK);
  }

  /** Runs in parallel when {@code trials x cells} reaches {@code parallelWork}. */
  static Outcome run(ScoreMatrix matrix, RankingMethod method, int trials, double spread, long seed, long parallelWork) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] values = new double[n * m];
    double[] halfRange = new double[n * m];
    boolean noisy = false;
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        values[o * m + c] = matrix.value(o, c);
        halfRange[o * m + c] = matrix.sampleSpread(o, c) / 2;
        noisy |= halfRange[o * m + c] > 0;
      }
    }
    // Blocks get their random streams in a fixed order, so the outcome depends on the seed only,
    // never on how many threads ran the blocks.
    int blocks = (trials + BLOCK - 1) / BLOCK;
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] streams = new SplittableRandom[blocks];
    for (int b = 0; b < blocks; b++) {
      streams[b] = root.split();
    }
    boolean parallel = (long) trials * n * m >= parallelWork && blocks > 1;
    boolean anyNoise = noisy;
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, blocks);
    List<Outcome> outcomes = (parallel ? range.parallel() : range)
        .mapToObj(b -> block(matrix, method, values, halfRange, anyNoise, Math.min(BLOCK, trials - b * BLOCK), spread, streams[b]))
        .toList();
    // Merged in block order on this thread, so sums of fractional tie shares add up identically.
    Outcome total = new Outcome(new double[n], new int[n][n], 0);
    for (Outcome o : outcomes) {
      total = merge(total, o);
    }
    return total;
  }

  private static Outcome merge(Outcome a, Outcome b) {
    int n = a.winShare.length;
    double[] wins = new double[n];
    int[][] ranks = new int[n][n];
    for (int o = 0; o < n; o++) {
      wins[o] = a.winShare[o] + b.winShare[o];
      for (int r = 0; r < n; r++) {
        ranks[o][r] = a.rankCounts[o][r] + b.rankCounts[o][r];
      }
    }
    return new Outcome(wins, ranks, a.trials + b.trials);
  }

  private static Outcome block(
      ScoreMatrix matrix, RankingMethod method, double[] values, double[] halfRange, boolean noisy, int trials, double spread, SplittableRandom random) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double[] weights = matrix.weights();
    TrialKernel kernel = TrialKernel.of(matrix, method, values, halfRange, noisy);
    double logSpread = Math.log(spread);
    double[] w = new double[m];
    double[] scores = new double[n];
    int[] order = new int[n];
    for (int o = 0; o < n; o++) {
      order[o] = o;
    }
    double[] winShare = new double[n];
    int[][] rankCounts = new int[n][n];
    for (int t = 0; t < trials; t++) {
      for (int c = 0; c < m; c++) {
        w[c] = weights[c] * Math.exp((random.nextDouble() * 2 - 1) * logSpread);
      }
      kernel.score(w, random, scores);
      tally(scores, order, winShare, rankCounts);
    }
    return new Outcome(winShare, rankCounts, trials);
  }

  /**
   * Sorts the options best first, unscored last, by insertion from the previous trial's order:
   * trials differ little, so the order is nearly sorted and this is close to linear.
   */
  private static int sort(double[] scores, int[] order) {
    for (int i = 1; i < order.length; i++) {
      int o = order[i];
      double s = scores[o];
      int j = i - 1;
      while (j >= 0 && before(s, scores[order[j]])) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = o;
    }
    int ranked = order.length;
    while (ranked > 0 && Double.isNaN(scores[order[ranked - 1]])) {
      ranked--;
    }
    return ranked;
  }

  /** Whether score {@code a} sorts strictly before {@code b}: higher first, {@code NaN} last. */
  private static boolean before(double a, double b) {
    return a == a && (b != b || a > b);
  }

  /** Ranks one trial's scores (ties share the better rank) and counts the ranks and the win. */
  private static void tally(double[] scores, int[] order, double[] winShare, int[][] rankCounts) {
    int ranked = sort(scores, order);
    if (ranked == 0) {
      return;
    }
    int rank = 1;
    int leaders = 0;
    for (int position = 0; position < ranked; position++) {
      int o = order[position];
      if (position > 0 && !RankingAssembler.tied(scores[o], scores[order[position - 1]])) {
        rank = position + 1;
      }
      rankCounts[o][rank - 1]++;
      if (rank == 1) {
        leaders++;
      }
    }
    for (int position = 0; position < leaders; position++) {
      winShare[order[position]] += 1.0 / leaders;
    }
  }
}
