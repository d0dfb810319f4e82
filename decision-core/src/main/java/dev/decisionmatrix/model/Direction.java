package dev.decisionmatrix.model;

import java.util.Locale;

/** Whether more of a criterion is better ({@link #BENEFIT}) or worse ({@link #COST}). */
public enum Direction {
  /** Higher scores are better, e.g. "reliability". */
  BENEFIT,
  /** Higher scores are worse, e.g. "price" or "operational burden". */
  COST;

  /**
   * Parses a direction case-insensitively; accepts {@code benefit|higher|maximize} and
   * {@code cost|lower|minimize}.
   *
   * @param text the text to parse; surrounding blanks are ignored; {@code null} is rejected
   * @return the direction
   * @throws InvalidDecisionException if the text names no direction
   */
  public static Direction parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "benefit", "higher", "higher_is_better", "maximize", "max" -> BENEFIT;
      case "cost", "lower", "lower_is_better", "minimize", "min" -> COST;
      default -> throw new InvalidDecisionException("direction", text, "expected \"benefit\" or \"cost\"");
    };
  }

  /**
   * Returns the lower-case name used in JSON and prompts; {@link #parse} reads it back.
   *
   * @return {@code "benefit"} or {@code "cost"}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
