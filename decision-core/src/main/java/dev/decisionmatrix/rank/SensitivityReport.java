package dev.decisionmatrix.rank;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How robust the leader of one ranking method is.
 *
 * @param method the ranking method analysed, as {@link RankingMethod#name()}
 * @param leader the current leader, or {@code null} when nothing is scored or the lead is tied
 * @param flips per criterion, the exact weights at which the leader changes
 * @param winProbability per option, the share of random weight perturbations it wins (options
 *     that never win are left out), best first; ties count fractionally
 * @param trials how many perturbations were drawn
 * @param summary one or two sentences for people
 * @param rankIntervals per option with a score, the middle 90 % of its ranks across the trials
 *     (empty when no trial was run), in decision order
 */
public record SensitivityReport(
    String method,
    @Nullable String leader,
    List<WeightFlip> flips,
    Map<String, Double> winProbability,
    int trials,
    String summary,
    Map<String, RankInterval> rankIntervals) {

  /**
   * Creates a report without rank intervals.
   *
   * @param method the ranking method analysed
   * @param leader the current leader, or {@code null}
   * @param flips per criterion, the weights at which the leader changes
   * @param winProbability per option, the share of trials it wins
   * @param trials how many perturbations were drawn
   * @param summary one or two sentences for people
   */
  public SensitivityReport(
      String method, @Nullable String leader, List<WeightFlip> flips, Map<String, Double> winProbability, int trials, String summary) {
    this(method, leader, flips, winProbability, trials, summary, Map.of());
  }

  /**
   * Copies the collections, so the report is immutable.
   *
   * @throws NullPointerException if a collection, or an element, key or value of one, is {@code
   *     null}
   */
  public SensitivityReport {
    java.util.Objects.requireNonNull(method, "method");
    flips = List.copyOf(flips);
    java.util.LinkedHashMap<String, Double> ordered = new java.util.LinkedHashMap<>();
    winProbability.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> ordered.put(java.util.Objects.requireNonNull(e.getKey()), java.util.Objects.requireNonNull(e.getValue())));
    winProbability = java.util.Collections.unmodifiableMap(ordered);
    rankIntervals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rankIntervals));
  }

  /**
   * Returns the share of random weight perturbations the current leader still wins.
   *
   * @return the leader's win probability in 0..1, or 0 when there is no leader
   */
  public double leaderWinProbability() {
    return leader == null ? 0 : winProbability.getOrDefault(leader, 0.0);
  }

  /**
   * Writes a share in 0..1 as a whole percentage the way every summary and report does: {@code 0%}
   * and {@code 100%} only for exactly none and all, {@code <1%} and {@code >99%} for what rounds to
   * them, else rounded, e.g. {@code 72%}. So a text never says an option wins every trial while
   * another wins some.
   *
   * @param share the share, 0..1
   * @return the percentage
   */
  public static String percent(double share) {
    if (share > 0 && share < 0.005) {
      return "<1%";
    }
    if (share < 1 && share >= 0.995) {
      return ">99%";
    }
    return String.format(java.util.Locale.ROOT, "%.0f%%", share * 100);
  }
}
