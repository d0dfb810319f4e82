package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every report renders: an evaluation with a ranking of that very evaluation, checked to
 * match, and the views the reports share (rank order, cells needing attention).
 */
record RankedEvaluation(Evaluation evaluation, Ranking ranking) {

  RankedEvaluation {
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(ranking, "ranking");
    Decision decision = evaluation.decision();
    int n = decision.options().size();
    if (ranking.options().size() != n) {
      throw mismatch("it ranks " + ranking.options().size() + " options but the evaluation has " + n);
    }
    boolean[] seen = new boolean[n];
    for (RankedOption r : ranking.options()) {
      if (r.index() < 0 || r.index() >= n || seen[r.index()] || !decision.options().get(r.index()).name().equals(r.name())) {
        throw mismatch("option \"" + r.name() + "\" at index " + r.index() + " is not the evaluation's option there");
      }
      seen[r.index()] = true;
    }
  }

  private static IllegalArgumentException mismatch(String detail) {
    return new IllegalArgumentException(
        "the ranking does not belong to this evaluation: " + detail + "; rank the evaluation you render (Ranking.weightedSum(evaluation))");
  }

  Decision decision() {
    return evaluation.decision();
  }

  /** A cell that a reader should look at: failed or abstained. */
  record Flagged(String option, String criterion, Judgment judgment) {}

  /** Failed cells, then abstained ones, each in rank order of options and then criterion order. */
  List<Flagged> flagged() {
    List<Flagged> failed = new ArrayList<>();
    List<Flagged> abstained = new ArrayList<>();
    int cols = decision().criteria().size();
    for (RankedOption r : ranking.options()) {
      for (int c = 0; c < cols; c++) {
        Judgment j = evaluation.judgment(r.index(), c);
        if (j instanceof Judgment.Failed) {
          failed.add(new Flagged(r.name(), decision().criteria().get(c).name(), j));
        } else if (j instanceof Judgment.Abstained) {
          abstained.add(new Flagged(r.name(), decision().criteria().get(c).name(), j));
        }
      }
    }
    failed.addAll(abstained);
    return failed;
  }

  /** Names of unjudged cells as {@code option × criterion}, in rank order, at most {@code limit}. */
  List<String> missing(int limit) {
    List<String> names = new ArrayList<>();
    int cols = decision().criteria().size();
    for (RankedOption r : ranking.options()) {
      for (int c = 0; c < cols && names.size() < limit; c++) {
        if (evaluation.judgment(r.index(), c) == null) {
          names.add(r.name() + " \u00d7 " + decision().criteria().get(c).name());
        }
      }
    }
    return names;
  }

  @Nullable Judgment judgment(RankedOption option, int criterion) {
    return evaluation.judgment(option.index(), criterion);
  }
}
