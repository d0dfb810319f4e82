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
    return new Ranking(method, ranked, recommend(ranked, clearMargin, unit, anyProvisional, matrix), matrix.missingData());
  }

  private static Recommendation recommend(List<RankedOption> ranked, double clearMargin, String unit, boolean provisional, ScoreMatrix matrix) {
    List<RankedOption> withScore = ranked.stream().filter(RankedOption::isRanked).toList();
    String caveat = provisional ? " " + caveat(ranked) : "";
    List<String> unrankable = ranked.stream().filter(o -> !o.isRanked() && o.scored() > 0).map(RankedOption::name).toList();
    if (!unrankable.isEmpty()) {
      caveat = " " + String.join(", ", unrankable) + (unrankable.size() == 1 ? " is" : " are")
          + " not ranked by this method: every criterion " + (unrankable.size() == 1 ? "it was" : "they were")
          + " scored on ties across the options, so nothing tells " + (unrankable.size() == 1 ? "it" : "them") + " apart." + caveat;
    }

    if (withScore.isEmpty()) {
      int abstained = ranked.stream().mapToInt(RankedOption::abstained).sum();
      int failed = ranked.stream().mapToInt(RankedOption::failed).sum();
      int missing = ranked.stream().mapToInt(RankedOption::missing).sum();
      String why;
      if (matrix.optionCount() * matrix.criterionCount() == 0) {
        why = "No recommendation yet: the matrix has no cells.";
      } else if (!unrankable.isEmpty()) {
        why = "No recommendation: the scores do not tell the options apart.";
      } else if (missing > 0 && abstained == 0 && failed == 0) {
        why = "No recommendation yet: no cell has a score. Evaluate the options first.";
      } else if (failed > 0 && abstained == 0) {
        why = "No recommendation: every judged cell failed (" + failed + (failed == 1 ? " cell" : " cells")
            + "), so nothing is scored. Fix the cause the failures name, then evaluate the failed cells again.";
      } else if (abstained > 0 && failed == 0) {
        why = "No recommendation: the judge abstained on every judged cell (" + abstained + (abstained == 1 ? " cell" : " cells")
            + "), so nothing is scored. Describe the options and criteria in more detail, or set scores by hand.";
      } else {
        why = "No recommendation: no cell has a score (" + abstained + " abstained, " + failed + " failed, " + missing + " not judged).";
      }
      return new Recommendation(Verdict.NO_DATA, List.of(), null, Double.NaN, provisional, why + (unrankable.isEmpty() ? "" : caveat));
    }
    RankedOption first = withScore.getFirst();
    if (withScore.size() == 1) {
      return new Recommendation(Verdict.ONLY_OPTION, List.of(first.name()), null, Double.NaN, provisional,
          first.name() + " is the only option with a score (" + fmt(first.score()) + "); there is nothing to compare it with." + caveat);
    }
    List<String> leaders = withScore.stream().filter(o -> o.rank() == 1).map(RankedOption::name).toList();
    RankedOption runnerUp = withScore.stream().filter(o -> o.rank() != 1).findFirst().orElse(null);
    int criteria = matrix.criterionCount();
    List<String> partial = withScore.stream().filter(o -> o.rank() == 1 && o.scored() < criteria)
        .map(o -> o.name() + "'s score rests on " + o.scored() + " of " + criteria + " criteria.").toList();
    if (!partial.isEmpty()) {
      caveat = " " + String.join(" ", partial) + caveat;
    }
    String unsettled = matrix.unsettledReason();
    if (unsettled != null && (leaders.size() > 1 || first.scored() < withScore.get(1).scored())) {
      caveat = " " + Character.toUpperCase(unsettled.charAt(0)) + unsettled.substring(1) + caveat;
    }
    if (leaders.size() > 1) {
      return new Recommendation(Verdict.TIE, leaders, runnerUp == null ? null : runnerUp.name(), 0, provisional,
          "Tie: " + String.join(", ", leaders) + " share the best score (" + fmt(first.score()) + "). Add a criterion or adjust weights to separate them." + caveat);
    }
    RankedOption second = withScore.get(1);
    double margin = first.score() - second.score();
    if (first.scored() < second.scored()) {
      // A lead built on fewer criteria than the runner-up's may only reflect what was not scored.
      return new Recommendation(Verdict.CLOSE, leaders, second.name(), margin, provisional,
          first.name() + " leads " + second.name() + " by " + fmt(margin) + " " + unit + " (" + fmt(first.score()) + " vs " + fmt(second.score())
              + "), but on fewer criteria (" + first.scored() + " vs " + second.scored() + "), so the lead is not clear." + caveat);
    }
    if (unsettled != null) {
      return new Recommendation(Verdict.CLOSE, leaders, second.name(), margin, provisional,
          first.name() + " leads " + second.name() + " by " + fmt(margin) + " " + unit + " (" + fmt(first.score()) + " vs " + fmt(second.score())
              + "), but " + unsettled + caveat);
    }
    if (clear(margin, clearMargin)) {
      return new Recommendation(Verdict.CLEAR_WINNER, leaders, second.name(), margin, provisional,
          first.name() + " is the clear winner: " + fmt(first.score()) + " vs " + fmt(second.score()) + " for " + second.name()
              + ", a lead of " + fmt(margin) + " " + unit + "." + caveat);
    }
    return new Recommendation(Verdict.CLOSE, leaders, second.name(), margin, provisional,
        "Close call: " + first.name() + " leads " + second.name() + " by only " + fmtBelow(margin, clearMargin) + " " + unit + " (" + fmt(first.score())
            + " vs " + fmt(second.score()) + "), less than the " + fmt(clearMargin) + " that counts as clear; small changes in weights or scores could flip it." + caveat);
  }

  /** Whether a margin counts as clear: at least the threshold, up to floating-point noise. */
  static boolean clear(double margin, double clearMargin) {
    return margin > clearMargin || tied(margin, clearMargin);
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

  /** A margin below the threshold, with enough digits that it does not print as the threshold. */
  private static String fmtBelow(double margin, double threshold) {
    for (int digits = 2; digits <= 6; digits++) {
      String text = String.format(Locale.ROOT, "%." + digits + "f", margin);
      if (!text.equals(String.format(Locale.ROOT, "%." + digits + "f", threshold))) {
        return text;
      }
    }
    return String.format(Locale.ROOT, "%.6f", margin);
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
