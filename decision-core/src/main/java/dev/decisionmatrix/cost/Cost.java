package dev.decisionmatrix.cost;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * An amount of money in US dollars, and the models whose tokens it could not price. A cost with
 * unpriced models is a lower bound, never a silent zero: {@link #describe()} says "unknown price".
 * Immutable.
 *
 * @param usd the dollars of the priced part, at least 0
 * @param unpricedModels the models (as {@code provider/model}) with tokens but no price in the
 *     table, sorted; empty when the whole amount is known
 */
public record Cost(double usd, Set<String> unpricedModels) {

  /** Nothing, known exactly. */
  public static final Cost ZERO = new Cost(0, Set.of());

  /**
   * Validates the amount and copies the model names into a sorted, unmodifiable set.
   *
   * @throws IllegalArgumentException if the amount is negative or not a number
   */
  public Cost {
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      throw new IllegalArgumentException("a cost must be a finite number of dollars, at least 0, but was " + usd);
    }
    unpricedModels = Collections.unmodifiableSet(new TreeSet<>(unpricedModels));
  }

  /**
   * Returns a known amount.
   *
   * @param usd dollars, at least 0
   * @return the cost
   */
  public static Cost of(double usd) {
    return new Cost(usd, Set.of());
  }

  /**
   * Returns the cost of tokens of a model without a price: unknown, not zero.
   *
   * @param model the model, as {@code provider/model}
   * @return a cost of 0 known dollars that names the model
   */
  public static Cost unpriced(String model) {
    return new Cost(0, Set.of(model));
  }

  /**
   * Tells whether every token of this cost had a price.
   *
   * @return {@code true} if {@link #unpricedModels()} is empty
   */
  public boolean isKnown() {
    return unpricedModels.isEmpty();
  }

  /**
   * Adds another cost.
   *
   * @param other the cost to add
   * @return the sum, naming the unpriced models of both
   */
  public Cost plus(Cost other) {
    if (other.usd == 0 && other.unpricedModels.isEmpty()) {
      return this;
    }
    Set<String> models = new TreeSet<>(unpricedModels);
    models.addAll(other.unpricedModels);
    return new Cost(usd + other.usd, models);
  }

  /**
   * Returns the amount for people: dollars, or what is known and which models had no price.
   *
   * @return e.g. {@code "$0.0123"}, {@code "unknown price (ollama/llama3.2)"} or {@code "$0.0123 plus
   *     an unknown price for openai/my-model"}
   */
  public String describe() {
    if (isKnown()) {
      return dollars(usd);
    }
    String models = String.join(", ", unpricedModels);
    return usd == 0 ? "unknown price (" + models + ")" : dollars(usd) + " plus an unknown price for " + models;
  }

  /**
   * Formats dollars with four significant decimals below a cent and two above.
   *
   * @param usd dollars
   * @return e.g. {@code "$1.25"} or {@code "$0.00042"}
   */
  public static String dollars(double usd) {
    if (usd == 0) {
      return "$0";
    }
    if (usd >= 1) {
      return String.format(Locale.ROOT, "$%.2f", usd);
    }
    return "$" + new java.math.BigDecimal(usd).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
