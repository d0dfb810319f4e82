package dev.decisionmatrix.rank;

import java.util.ArrayList;
import java.util.List;

/**
 * Ranks under one missing-data policy and checks the leader against the others, so that a lead
 * which only reflects how unscored cells were filled is never called clear.
 */
final class MissingDataCheck {

  private MissingDataCheck() {}

  static Ranking rank(RankingMethod method, ScoreMatrix matrix, MissingDataPolicy policy) {
    ScoreMatrix shown = matrix.imputed(policy);
    Ranking ranking = method.rank(shown);
    List<String> leaders = ranking.recommendation().leaders();
    if (leaders.isEmpty() || !matrix.hasFillableCells()) {
      return ranking;
    }
    List<String> disagreements = new ArrayList<>();
    for (MissingDataPolicy other : MissingDataPolicy.values()) {
      if (other == policy) {
        continue;
      }
      List<String> otherLeaders = method.rank(matrix.imputed(other)).recommendation().leaders();
      if (!otherLeaders.equals(leaders)) {
        disagreements.add("with them " + other.rule() + " (" + other.id() + "), "
            + (otherLeaders.isEmpty() ? "no option" : String.join(" and ", otherLeaders)) + (otherLeaders.size() > 1 ? " tie" : " leads"));
      }
    }
    if (disagreements.isEmpty()) {
      return ranking;
    }
    String why = "the leader depends on what is put in the cells without a score: they are " + policy.rule() + " (" + policy.id()
        + "), but " + String.join("; ", disagreements)
        + ". So the lead is not clear; judge those cells again or set their scores by hand to settle it.";
    return method.rank(shown.unsettled(why));
  }
}
