package dev.decisionmatrix.cost;

import dev.decisionmatrix.llm.TokenUsage;

/**
 * What one model did and cost in an evaluation. Immutable.
 *
 * @param provider the backend's id, e.g. {@code openai}
 * @param model the model asked for, or {@code "(default)"} when the backend chose
 * @param calls backend calls made to it
 * @param usage tokens its answers reported
 * @param cost what those tokens cost at the table's price; unknown when it has none
 */
public record ModelUsage(String provider, String model, long calls, TokenUsage usage, Cost cost) {

  /**
   * Returns {@code provider/model}, the name a {@link Cost} uses for an unpriced model.
   *
   * @return e.g. {@code openai/gpt-4o-mini}
   */
  public String name() {
    return provider + "/" + model;
  }
}
