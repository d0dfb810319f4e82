package dev.decisionmatrix.rank;

import java.util.List;

/**
 * What the ranking recommends, stated honestly: the leader(s), by how much, and whether the
 * numbers are final.
 *
 * @param verdict how clear the result is
 * @param leaders the best option, or all tied best options; empty for {@link Verdict#NO_DATA}
 * @param runnerUp the best option behind the leaders, or {@code null}
 * @param margin leader's score minus runner-up's ({@code NaN} when there is no runner-up)
 * @param provisional whether failed or unjudged cells could still change the result
 * @param summary one or two sentences for people
 */
public record Recommendation(
    Verdict verdict, List<String> leaders, @org.jspecify.annotations.Nullable String runnerUp, double margin, boolean provisional, String summary) {

  /** Copies the leader list. */
  public Recommendation {
    leaders = List.copyOf(leaders);
  }
}
