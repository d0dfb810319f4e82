package dev.decisionmatrix.cost;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one evaluation cost, what its cache hits saved, and whether a {@link Budget} stopped it.
 * Immutable.
 *
 * @param spent the cost of this evaluation's backend calls, from the tokens the providers reported
 * @param saved the estimated cost of the calls cache hits made unnecessary: each hit counted at the
 *     average usage of its model's calls on this engine, or, before any, at the tokens its prompt
 *     would take
 * @param byModel the calls, tokens and cost per model, in the order they were first used
 * @param budgetStop why the evaluation stopped early because of its budget, or {@code null} if it
 *     did not
 */
public record EvaluationCost(Cost spent, Cost saved, List<ModelUsage> byModel, @Nullable String budgetStop) {

  /** An evaluation that cost nothing and saved nothing. */
  public static final EvaluationCost NONE = new EvaluationCost(Cost.ZERO, Cost.ZERO, List.of(), null);

  /**
   * Copies the per-model list.
   *
   * @throws NullPointerException if a component other than {@code budgetStop} is {@code null}
   */
  public EvaluationCost {
    java.util.Objects.requireNonNull(spent, "spent");
    java.util.Objects.requireNonNull(saved, "saved");
    byModel = List.copyOf(byModel);
  }

  /**
   * Tells whether the budget stopped this evaluation before every cell was judged.
   *
   * @return {@code true} if {@link #budgetStop()} is set
   */
  public boolean stoppedByBudget() {
    return budgetStop != null;
  }
}
