package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.Cost;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.cost.EvaluationCost;
import dev.decisionmatrix.cost.ModelUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The money parts of {@code evaluate_options} answers: what was spent, saved and estimated. */
final class CostAnswers {

  private CostAnswers() {}

  /** {@code usd} is null when part of the amount has no price, so no client mistakes it for the whole. */
  static Map<String, Object> costMap(Cost cost) {
    Map<String, Object> m = JsonMaps.map();
    m.put("usd", cost.isKnown() ? cost.usd() : null);
    m.put("priced_usd", cost.usd());
    m.put("text", cost.describe());
    m.put("unknown_price_models", List.copyOf(cost.unpricedModels()));
    return m;
  }

  static Map<String, Object> evaluationCostMap(EvaluationCost cost) {
    Map<String, Object> m = JsonMaps.map();
    m.put("spent", costMap(cost.spent()));
    m.put("saved_by_cache", costMap(cost.saved()));
    m.put("by_model", byModel(cost.byModel()));
    m.put("budget_stop", cost.budgetStop());
    return m;
  }

  static Map<String, Object> sessionMap(SessionCosts.Total total) {
    Map<String, Object> m = JsonMaps.map();
    m.put("spent", costMap(total.spent()));
    m.put("saved_by_cache", costMap(total.saved()));
    m.put("evaluations", total.evaluations());
    m.put("calls", total.calls());
    m.put("since", "this server started");
    return m;
  }

  static Map<String, Object> estimateMap(CostEstimate estimate, Budget budget) {
    Map<String, Object> m = JsonMaps.map();
    m.put("cells", estimate.cells());
    m.put("calls", estimate.calls());
    m.put("cache_hits", estimate.cacheHits());
    m.put("tokens_in", estimate.tokens().inputTokens());
    m.put("tokens_out", estimate.tokens().outputTokens());
    m.put("cost", costMap(estimate.cost()));
    m.put("by_model", byModel(estimate.byModel()));
    String budgetNote = budgetNote(estimate, budget);
    if (budgetNote != null) {
      m.put("budget", budgetNote);
    }
    return m;
  }

  static @Nullable String budgetNote(CostEstimate estimate, Budget budget) {
    List<String> notes = new ArrayList<>();
    if (budget.maxCalls() != null && estimate.calls() > budget.maxCalls()) {
      notes.add("max_calls " + budget.maxCalls() + " would stop it after " + budget.maxCalls() + " of about " + estimate.calls() + " calls");
    }
    if (budget.maxCostUsd() != null && estimate.cost().isKnown() && estimate.cost().usd() > budget.maxCostUsd()) {
      notes.add("max_cost " + Cost.dollars(budget.maxCostUsd()) + " would stop it before the estimated " + estimate.cost().describe());
    }
    return notes.isEmpty() ? null : String.join("; ", notes);
  }

  private static List<Map<String, Object>> byModel(List<ModelUsage> usages) {
    List<Map<String, Object>> out = new ArrayList<>(usages.size());
    for (ModelUsage u : usages) {
      Map<String, Object> m = JsonMaps.map();
      m.put("provider", u.provider());
      m.put("model", u.model());
      m.put("calls", u.calls());
      m.put("tokens_in", u.usage().inputTokens());
      m.put("tokens_out", u.usage().outputTokens());
      m.put("cost", costMap(u.cost()));
      out.add(m);
    }
    return out;
  }
}
