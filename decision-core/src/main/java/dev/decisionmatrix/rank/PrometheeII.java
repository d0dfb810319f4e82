package dev.decisionmatrix.rank;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PROMETHEE II as defined by Brans and Vincke, "A preference ranking organisation method (The
 * PROMETHEE method for multiple criteria decision-making)", <i>Management Science</i> 31(6) (1985)
 * 647-656: for every ordered pair of options {@code (a, b)} and criterion {@code j}, the difference
 * {@code d_j = f_j(a) - f_j(b)} of the scores as judged (reversed, {@code f_j(b) - f_j(a)}, for a
 * cost, where less is better) becomes a preference {@code P_j(d_j)} in 0..1 through the criterion's
 * {@link PreferenceFunction}; the aggregated preference is {@code pi(a, b) = sum_j w_j P_j / sum_j
 * w_j}. With {@code n} options, the leaving flow is {@code phi+(a) = sum_b pi(a, b) / (n - 1)}, the
 * entering flow {@code phi-(a) = sum_b pi(b, a) / (n - 1)}, and the score is the net flow {@code
 * phi(a) = phi+(a) - phi-(a)} in -1..1; the net flows sum to 0.
 *
 * <p>Each criterion uses {@link #defaultFunction()} (the usual criterion unless configured) or the
 * function named for it in {@link #byCriterion()}; thresholds are in score points, or in the criterion's unit for a
 * {@linkplain ScoreMatrix#isMeasured raw-valued} criterion, whose values enter as measured.
 *
 * <p>A pair is compared on the criteria both options were scored on, with the weights of those
 * criteria (a pair with none in common adds no preference either way); failed and missing cells
 * make the option provisional. An option with no score at all is not ranked and not counted in
 * {@code n}.
 *
 * @param defaultFunction the preference function of criteria not named in {@code byCriterion}
 * @param byCriterion preference functions by criterion name (case-insensitive)
 * @param clearMargin the smallest lead in net flow (0..2) that counts as a clear win
 */
public record PrometheeII(PreferenceFunction defaultFunction, Map<String, PreferenceFunction> byCriterion, double clearMargin)
    implements RankingMethod {

  static final PrometheeII DEFAULT = new PrometheeII(PreferenceFunction.usual(), Map.of(), 0.1);

  /**
   * Validates the margin and copies the map, keyed by lower-cased, trimmed criterion names.
   *
   * @throws IllegalArgumentException if the margin is not in 0..2 or two keys name the same
   *     criterion
   */
  public PrometheeII {
    if (!(clearMargin >= 0 && clearMargin <= 2)) {
      throw new IllegalArgumentException("promethee-ii's clearMargin is a net-flow difference and must be between 0 and 2 but was " + clearMargin);
    }
    Map<String, PreferenceFunction> keyed = new HashMap<>();
    byCriterion.forEach((name, function) -> {
      if (keyed.put(key(name), function) != null) {
        throw new IllegalArgumentException("preference function given twice for criterion \"" + name.strip() + "\" (names ignore case)");
      }
    });
    byCriterion = Map.copyOf(keyed);
  }

  /**
   * Uses one preference function for every criterion, with a clear-win margin of 0.1 in net flow.
   *
   * @param function the preference function of every criterion
   */
  public PrometheeII(PreferenceFunction function) {
    this(function, Map.of(), 0.1);
  }

  /**
   * Returns a copy that uses {@code function} for the named criterion.
   *
   * @param criterion the criterion's name (case-insensitive)
   * @param function its preference function
   * @return the copy
   */
  public PrometheeII with(String criterion, PreferenceFunction function) {
    Map<String, PreferenceFunction> copy = new HashMap<>(byCriterion);
    copy.put(key(criterion), function);
    return new PrometheeII(defaultFunction, copy, clearMargin);
  }

  @Override
  public String name() {
    return "promethee-ii";
  }

  @Override
  public String description() {
    return "Rewards beating the other options pair by pair on many criteria, counting how much by only as far as the preference functions allow.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, netFlows(matrix), clearMargin, "in net flow");
  }
  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    return netFlows(matrix);
  }


  /** The net flow per option; {@code NaN} for an option without any score. */
  double[] netFlows(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    PreferenceFunction[] functions = functions(matrix);
    if (PrometheeFlows.complete(matrix)) {
      return PrometheeFlows.netFlows(this, matrix);
    }
    double[] pi = new double[n * n];
    double[] common = new double[n * n];
    for (int c = 0; c < m; c++) {
      PreferenceFunction p = functions[c];
      double w = matrix.weight(c);
      double sign = matrix.isCost(c) ? -1 : 1;
      for (int a = 0; a < n; a++) {
        double xa = matrix.raw(a, c);
        if (Double.isNaN(xa)) {
          continue;
        }
        for (int b = a + 1; b < n; b++) {
          double xb = matrix.raw(b, c);
          if (Double.isNaN(xb)) {
            continue;
          }
          double d = sign * (xa - xb);
          pi[a * n + b] += w * p.preference(d);
          pi[b * n + a] += w * p.preference(-d);
          common[a * n + b] += w;
        }
      }
    }
    boolean[] scored = new boolean[n];
    int count = 0;
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m && !scored[o]; c++) {
        scored[o] = !Double.isNaN(matrix.raw(o, c));
      }
      count += scored[o] ? 1 : 0;
    }
    double[] net = new double[n];
    for (int a = 0; a < n; a++) {
      if (!scored[a]) {
        net[a] = Double.NaN;
        continue;
      }
      double flow = 0;
      for (int b = 0; b < n; b++) {
        double weight = common[Math.min(a, b) * n + Math.max(a, b)];
        if (b != a && weight > 0) {
          flow += (pi[a * n + b] - pi[b * n + a]) / weight;
        }
      }
      net[a] = count < 2 ? 0 : flow / (count - 1);
    }
    return net;
  }

  /** The preference function of each criterion, in decision order. */
  PreferenceFunction[] functions(ScoreMatrix matrix) {
    int m = matrix.criterionCount();
    PreferenceFunction[] out = new PreferenceFunction[m];
    int named = 0;
    for (int c = 0; c < m; c++) {
      PreferenceFunction f = byCriterion.get(key(matrix.criterionNames().get(c)));
      named += f == null ? 0 : 1;
      out[c] = f == null ? defaultFunction : f;
    }
    if (named < byCriterion.size()) {
      var known = matrix.criterionNames().stream().map(PrometheeII::key).toList();
      var unknown = byCriterion.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
      throw new IllegalArgumentException("promethee-ii has preference functions for criteria the decision does not have: " + String.join(", ", unknown)
          + "; the criteria are " + String.join(", ", matrix.criterionNames()));
    }
    return out;
  }

  private static String key(String criterion) {
    return criterion.strip().toLowerCase(Locale.ROOT);
  }
}
