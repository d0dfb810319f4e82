package dev.decisionmatrix.rank;

import java.util.ArrayList;
import java.util.List;

/**
 * VIKOR (VIseKriterijumska Optimizacija I Kompromisno Resenje) as defined by Opricovic and Tzeng,
 * "Compromise solution by MCDM methods: A comparative analysis of VIKOR and TOPSIS", <i>European
 * Journal of Operational Research</i> 156 (2004) 445-455, section 3. Per criterion {@code j} the
 * best value {@code f*_j} is the column's maximum for a benefit and its minimum for a cost (scores
 * as judged), the worst {@code f-_j} the opposite. With weights normalised to sum 1, an option's
 * group utility is {@code S = sum_j w_j (f*_j - f_j) / (f*_j - f-_j)}, its individual regret
 * {@code R = max_j} of the same terms, and {@code Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) /
 * (R- - R*)}, where {@code S*}, {@code S-} are the smallest and largest {@code S} (likewise for
 * {@code R}) and {@code v} weighs the majority's utility against the individual regret. A criterion
 * on which every option scores the same has no regret; when all {@code S} (or all {@code R}) are
 * equal that term of {@code Q} is 0.
 *
 * <p>Lower {@code Q} is better; the ranking's score is {@code 1 - Q} (in 0..1, higher better), so
 * the lead of the first over the second is {@code Q(a2) - Q(a1)}. The lead counts as clear exactly
 * when the method's condition C1, acceptable advantage {@code Q(a2) - Q(a1) >= 1/(n-1)}, holds
 * ({@code n} options with a score). Condition C2, acceptable stability, asks that the leader also
 * be best by {@code S} or by {@code R}. Both are reported in {@link Ranking#compromise()}: when C2
 * fails the compromise set is the first two options; when C1 fails it is every option whose {@code
 * Q} is less than {@code 1/(n-1)} above the leader's, and the recommendation says so instead of
 * naming a clear winner.
 *
 * <p>Cells without a score are left out of that option's {@code S} and {@code R} (the best and
 * worst values are taken over scored cells), and its {@code S} is divided by the weight of the
 * criteria it was scored on, so an unscored cell neither helps nor hurts it; failed and missing
 * cells make it provisional. An option with no score at all is not ranked.
 *
 * @param v the weight of the strategy of the majority of criteria (group utility {@code S}) against
 *     the individual regret {@code R}, in 0..1; 0.5 by default
 */
public record Vikor(double v) implements RankingMethod {

  static final Vikor DEFAULT = new Vikor(0.5);

  /**
   * Validates {@code v}.
   *
   * @throws IllegalArgumentException if {@code v} is not in 0..1
   */
  public Vikor {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("vikor's v must be between 0 and 1 (0.5 weighs group utility and regret equally) but was " + v);
    }
  }

  @Override
  public String name() {
    return "vikor";
  }

  @Override
  public String description() {
    return "Rewards the compromise closest to the ideal: good on the weighted whole and without a single badly regretted criterion.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    double[][] srq = indices(matrix);
    int n = matrix.optionCount();
    double[] scores = new double[n];
    int ranked = 0;
    for (int o = 0; o < n; o++) {
      scores[o] = 1 - srq[2][o];
      if (!Double.isNaN(scores[o])) {
        ranked++;
      }
    }
    double dq = ranked < 2 ? 1 : 1.0 / (ranked - 1);
    Ranking base = RankingAssembler.assemble(name(), matrix, scores, dq, "in 1 - Q");
    return withCompromise(base, srq, dq);
  }

  /**
   * Computes {@code S}, {@code R} and {@code Q} per option ({@code NaN} for an option without any
   * score).
   */
  double[][] indices(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double weightSum = 0;
    for (int c = 0; c < m; c++) {
      weightSum += matrix.weight(c);
    }
    double[] best = new double[m];
    double[] worst = new double[m];
    for (int c = 0; c < m; c++) {
      double max = Double.NEGATIVE_INFINITY;
      double min = Double.POSITIVE_INFINITY;
      for (int o = 0; o < n; o++) {
        double x = matrix.raw(o, c);
        if (!Double.isNaN(x)) {
          max = Math.max(max, x);
          min = Math.min(min, x);
        }
      }
      best[c] = matrix.isCost(c) ? min : max;
      worst[c] = matrix.isCost(c) ? max : min;
    }
    double[] s = new double[n];
    double[] r = new double[n];
    for (int o = 0; o < n; o++) {
      double sum = 0;
      double regret = 0;
      double used = 0;
      for (int c = 0; c < m; c++) {
        double x = matrix.raw(o, c);
        if (Double.isNaN(x)) {
          continue;
        }
        double w = matrix.weight(c) / weightSum;
        used += w;
        double span = best[c] - worst[c];
        double term = span == 0 ? 0 : w * (best[c] - x) / span;
        sum += term;
        regret = Math.max(regret, term);
      }
      s[o] = used == 0 ? Double.NaN : sum / used;
      r[o] = used == 0 ? Double.NaN : regret;
    }
    double sBest = min(s);
    double sWorst = max(s);
    double rBest = min(r);
    double rWorst = max(r);
    double[] q = new double[n];
    for (int o = 0; o < n; o++) {
      if (Double.isNaN(s[o])) {
        q[o] = Double.NaN;
        continue;
      }
      double group = sWorst == sBest ? 0 : (s[o] - sBest) / (sWorst - sBest);
      double individual = rWorst == rBest ? 0 : (r[o] - rBest) / (rWorst - rBest);
      q[o] = v * group + (1 - v) * individual;
    }
    return new double[][] {s, r, q};
  }

  private static Ranking withCompromise(Ranking base, double[][] srq, double dq) {
    List<RankedOption> ranked = base.options().stream().filter(RankedOption::isRanked).toList();
    if (ranked.size() < 2) {
      List<String> only = ranked.stream().map(RankedOption::name).toList();
      return new Ranking(base.method(), base.options(), base.recommendation(), base.missingData(),
          new Compromise(true, true, only, only.isEmpty() ? "Nothing is ranked yet." : "Only one option is ranked."));
    }
    RankedOption first = ranked.getFirst();
    double q1 = srq[2][first.index()];
    boolean advantage = RankingAssembler.clear(srq[2][ranked.get(1).index()] - q1, dq);
    boolean stability = isBest(srq[0], first.index()) || isBest(srq[1], first.index());
    List<String> set = new ArrayList<>();
    set.add(first.name());
    if (!advantage) {
      for (RankedOption o : ranked.subList(1, ranked.size())) {
        if (!RankingAssembler.clear(srq[2][o.index()] - q1, dq)) {
          set.add(o.name());
        }
      }
    } else if (!stability) {
      set.add(ranked.get(1).name());
    }
    String dqText = RankingAssembler.fmt(dq);
    String explanation;
    if (advantage && stability) {
      explanation = first.name() + " is the compromise solution: its advantage in Q is at least " + dqText
          + " (C1) and it is also best by S or R (C2).";
    } else if (advantage) {
      explanation = "Compromise set " + String.join(", ", set) + ": " + first.name() + " leads by enough in Q (C1) but is best by neither S nor R,"
          + " so it is not stable in decision making (C2 fails).";
    } else {
      explanation = "Compromise set " + String.join(", ", set) + ": " + first.name() + "'s advantage in Q is less than " + dqText
          + " (C1 fails)" + (stability ? "." : ", and it is best by neither S nor R (C2 fails too).");
    }
    Recommendation rec = base.recommendation();
    Verdict verdict = rec.verdict() == Verdict.CLEAR_WINNER && !stability ? Verdict.CLOSE : rec.verdict();
    Recommendation withNote = new Recommendation(verdict, rec.leaders(), rec.runnerUp(), rec.margin(), rec.provisional(),
        rec.summary() + (advantage && stability ? "" : " VIKOR: " + explanation));
    return new Ranking(base.method(), base.options(), withNote, base.missingData(), new Compromise(advantage, stability, set, explanation));
  }

  private static boolean isBest(double[] values, int option) {
    return RankingAssembler.tied(values[option], min(values));
  }

  private static double min(double[] values) {
    double min = Double.NaN;
    for (double x : values) {
      if (!Double.isNaN(x) && !(x >= min)) {
        min = x;
      }
    }
    return min;
  }

  private static double max(double[] values) {
    double max = Double.NaN;
    for (double x : values) {
      if (!Double.isNaN(x) && !(x <= max)) {
        max = x;
      }
    }
    return max;
  }
}
