package dev.decisionmatrix.rank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Turns per-option scores into ranks (ties share a rank) and an honest recommendation. */
final class RankingAssembler {

  private RankingAssembler() {}

  /** Two scores this close are a tie; guards against floating-point noise only. */
  static boolean tied(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  static Ranking assemble(String method, ScoreMatrix matrix, double[] scores, double clearMargin, String unit) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    List<Integer> order = new ArrayList<>(n);
    for (int o = 0; o < n; o++) {
      order.add(o);
    }
    order.sort(
        Comparator.<Integer, Boolean>comparing(o -> Double.isNaN(scores[o]))
            .thenComparing(o -> Double.isNaN(scores[o]) ? 0 : -scores[o])
            .thenComparing(o -> o));
    List<RankedOption> ranked = new ArrayList<>(n);
    boolean anyProvisional = false;
    int rank = 0;
    double previous = Double.NaN;
    for (int position = 0; position < n; position++) {
      int o = order.get(position);
      int scored = 0;
      int abstained = 0;
      int failed = 0;
      int missing = 0;
      for (int c = 0; c < m; c++) {
        switch (matrix.state(o, c)) {
          case SCORED -> scored++;
          case ABSTAINED -> abstained++;
          case FAILED -> failed++;
          case MISSING -> missing++;
        }
      }
      boolean provisional = failed + missing > 0;
      anyProvisional |= provisional;
      double score = scores[o];
      int thisRank = 0;
      if (!Double.isNaN(score)) {
        if (position == 0 || !tied(score, previous)) {
          rank = position + 1;
        }
        thisRank = rank;
        previous = score;
      }
      ranked.add(new RankedOption(matrix.optionNames().get(o), o, thisRank, score, provisional, scored, abstained, failed, missing));
    }
    return new Ranking(method, ranked, recommend(ranked, clearMargin, unit, anyProvisional, matrix));
  }

  private static Recommendation recommend(List<RankedOption> ranked, double clearMargin, String unit, boolean provisional, ScoreMatrix matrix) {
    List<RankedOption> withScore = ranked.stream().filter(RankedOption::isRanked).toList();
    String caveat = provisional ? " " + caveat(ranked) : "";

    if (withScore.isEmpty()) {
      return new Recommendation(Verdict.NO_DATA, List.of(), null, Double.NaN, provisional,
          "No recommendation yet: no cell has a score." + (matrix.optionCount() * matrix.criterionCount() > 0 ? " Evaluate the options first." : ""));
    }
    RankedOption first = withScore.getFirst();
    if (withScore.size() == 1) {
      return new Recommendation(Verdict.ONLY_OPTION, List.of(first.name()), null, Double.NaN, provisional,
          first.name() + " is the only option with a score (" + fmt(first.score()) + "); there is nothing to compare it with." + caveat);
    }
    List<String> leaders = withScore.stream().filter(o -> o.rank() == 1).map(RankedOption::name).toList();
    RankedOption runnerUp = withScore.stream().filter(o -> o.rank() != 1).findFirst().orElse(null);
    if (leaders.size() > 1) {
      return new Recommendation(Verdict.TIE, leaders, runnerUp == null ? null : runnerUp.name(), 0, provisional,
          "Tie: " + String.join(", ", leaders) + " share the best score (" + fmt(first.score()) + "). Add a criterion or adjust weights to separate them." + caveat);
    }
    RankedOption second = withScore.get(1);
    double margin = first.score() - second.score();
    int criteria = matrix.criterionCount();
    if (first.scored() < criteria) {
      caveat = " " + first.name() + "'s score rests on " + first.scored() + " of " + criteria + " criteria." + caveat;
    }
    if (margin >= clearMargin) {
      return new Recommendation(Verdict.CLEAR_WINNER, leaders, second.name(), margin, provisional,
          first.name() + " is the clear winner: " + fmt(first.score()) + " vs " + fmt(second.score()) + " for " + second.name()
              + ", a lead of " + fmt(margin) + " " + unit + "." + caveat);
    }
    return new Recommendation(Verdict.CLOSE, leaders, second.name(), margin, provisional,
        "Close call: " + first.name() + " leads " + second.name() + " by only " + fmt(margin) + " " + unit + " (" + fmt(first.score())
            + " vs " + fmt(second.score()) + "), less than the " + fmt(clearMargin) + " that counts as clear; small changes in weights or scores could flip it." + caveat);
  }

  private static String caveat(List<RankedOption> ranked) {
    int failed = ranked.stream().mapToInt(RankedOption::failed).sum();
    int missing = ranked.stream().mapToInt(RankedOption::missing).sum();
    List<String> parts = new ArrayList<>();
    if (failed > 0) {
      parts.add(failed + (failed == 1 ? " cell failed" : " cells failed"));
    }
    if (missing > 0) {
      parts.add(missing + (missing == 1 ? " cell is" : " cells are") + " not judged yet");
    }
    return "Provisional: " + String.join(" and ", parts) + "; re-evaluate to complete the matrix.";
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
