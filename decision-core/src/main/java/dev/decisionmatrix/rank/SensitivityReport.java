package dev.decisionmatrix.rank;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How robust the weighted-sum leader is.
 *
 * @param leader the current leader, or {@code null} when nothing is scored or the lead is tied
 * @param flips per criterion, the exact weights at which the leader changes
 * @param winProbability per option, the share of random weight perturbations it wins (options
 *     that never win are left out); ties count fractionally
 * @param trials how many perturbations were drawn
 * @param summary one or two sentences for people
 */
public record SensitivityReport(
    @Nullable String leader, List<WeightFlip> flips, Map<String, Double> winProbability, int trials, String summary) {

  /**
   * Copies the collections, so the report is immutable.
   *
   * @throws NullPointerException if a collection, or an element, key or value of one, is {@code
   *     null}
   */
  public SensitivityReport {
    flips = List.copyOf(flips);
    winProbability = Map.copyOf(winProbability);
  }

  /**
   * Returns the share of random weight perturbations the current leader still wins.
   *
   * @return the leader's win probability in 0..1, or 0 when there is no leader
   */
  public double leaderWinProbability() {
    return leader == null ? 0 : winProbability.getOrDefault(leader, 0.0);
  }
}
