package dev.decisionmatrix.cost;

import dev.decisionmatrix.llm.TokenUsage;

/**
 * What a model charges, in US dollars per million tokens. Immutable.
 *
 * @param inputPerMillion dollars per million input (prompt) tokens, at least 0
 * @param outputPerMillion dollars per million output (completion) tokens, at least 0
 */
public record Price(double inputPerMillion, double outputPerMillion) {

  /** A model that costs nothing per token, such as one running on your own machine. */
  public static final Price FREE = new Price(0, 0);

  /**
   * Validates the price.
   *
   * @throws IllegalArgumentException if a price is negative, infinite or not a number
   */
  public Price {
    check("input", inputPerMillion);
    check("output", outputPerMillion);
  }

  private static void check(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "the " + what + " price must be a number of dollars per million tokens, at least 0, but was " + value);
    }
  }

  /**
   * Parses {@code IN/OUT}, dollars per million input and output tokens, e.g. {@code 0.15/0.60}.
   *
   * @param text the two prices separated by {@code /}
   * @return the price
   * @throws IllegalArgumentException naming the text and the expected form if it does not parse
   */
  public static Price parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "a price is written IN/OUT in dollars per million input and output tokens, e.g. 0.15/0.60, but was '" + text + "'");
    }
    try {
      return new Price(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a price is written IN/OUT in dollars per million input and output tokens, e.g. 0.15/0.60, but was '" + text + "'", e);
    }
  }

  /**
   * Returns what some tokens cost at this price.
   *
   * @param usage the tokens
   * @return dollars, at least 0
   */
  public double cost(TokenUsage usage) {
    return (usage.inputTokens() * inputPerMillion + usage.outputTokens() * outputPerMillion) / 1_000_000.0;
  }

  /**
   * Returns the price as {@code IN/OUT}, the form {@link #parse} reads.
   *
   * @return e.g. {@code 0.15/0.6}
   */
  @Override
  public String toString() {
    return plain(inputPerMillion) + "/" + plain(outputPerMillion);
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
