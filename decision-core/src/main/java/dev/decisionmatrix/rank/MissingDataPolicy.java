package dev.decisionmatrix.rank;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a ranking puts in a cell that has no score (the judge abstained, the call failed, or the cell
 * is not judged yet) before a {@link RankingMethod} sees the matrix. Each policy answers the same
 * question differently, so a lead that holds under every policy does not depend on what was not
 * judged, and the recommendation only calls such a lead clear.
 *
 * <p>Two rules hold for every policy: an option without a single score stays unranked (nothing is
 * made up for it), and a criterion without a single score stays empty (there is nothing to impute
 * from). The cells keep their {@link CellState}, so reports still say which scores were judged and
 * which were filled in.
 *
 * <p>The default is {@link #WORST}: an option never gains from a criterion it was not scored on,
 * so an option beaten on every criterion it shares with another can never rank above it because of
 * an abstention (under {@link #EXCLUDE} it can).
 */
public enum MissingDataPolicy {

  /**
   * Leave the cell out: the option is scored on the criteria it has scores on and its weights are
   * renormalised over them. Rewards abstaining on a criterion where the option would score low.
   */
  EXCLUDE("exclude", "left out, weights renormalised over the scored criteria"),

  /** Fill the cell with the middle of the 1..10 scale (5.5): unknown counts as neither good nor bad. */
  NEUTRAL("neutral", "set to the scale midpoint 5.5"),

  /**
   * Fill the cell with the worst score any option has on that criterion: no option gains from what
   * was not judged. The default.
   */
  WORST("worst", "set to the worst score on that criterion"),

  /** Fill the cell with the mean of that criterion's scores: unknown counts as typical. */
  MEAN("mean", "set to that criterion's mean score");

  /** The policy used when none is chosen: {@link #WORST}. */
  public static final MissingDataPolicy DEFAULT = WORST;

  private final String id;
  private final String rule;

  MissingDataPolicy(String id, String rule) {
    this.id = id;
    this.rule = rule;
  }

  /**
   * Returns the short name used in reports, tool arguments and {@link #byName(String)}.
   *
   * @return {@code exclude}, {@code neutral}, {@code worst} or {@code mean}
   */
  public String id() {
    return id;
  }

  /**
   * Returns what the policy does with a cell without a score, as a phrase for people, e.g. {@code
   * "set to the worst score on that criterion"}.
   *
   * @return the phrase; never {@code null}
   */
  public String rule() {
    return rule;
  }

  /**
   * Looks a policy up by its {@link #id()} (case-insensitive; {@code criterion-mean}, {@code
   * midpoint} and {@code worst-case} are accepted too).
   *
   * @param name the policy's name
   * @return the policy
   * @throws IllegalArgumentException naming the known policies if there is none by that name
   */
  public static MissingDataPolicy byName(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (key) {
      case "exclude", "renormalise", "renormalize" -> EXCLUDE;
      case "neutral", "midpoint" -> NEUTRAL;
      case "worst", "worst-case" -> WORST;
      case "mean", "criterion-mean", "average" -> MEAN;
      default -> throw new IllegalArgumentException("unknown missing-data policy \"" + name + "\"; use one of "
          + Arrays.stream(values()).map(MissingDataPolicy::id).collect(Collectors.joining(", ")));
    };
  }

  /**
   * Computes the benefit-oriented value this policy puts in a cell without a score.
   *
   * @param column the criterion's benefit-oriented scores, {@code NaN} where a cell has none
   * @return the value, or {@code NaN} to leave the cell out
   */
  double fill(double[] column) {
    return switch (this) {
      case EXCLUDE -> Double.NaN;
      case NEUTRAL -> 5.5;
      case WORST -> Arrays.stream(column).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
      case MEAN -> Arrays.stream(column).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    };
  }
}
