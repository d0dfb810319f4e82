package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.rank.weights.Ahp;
import dev.decisionmatrix.rank.weights.AhpResult;
import dev.decisionmatrix.rank.weights.InconsistentJudgment;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import dev.decisionmatrix.store.SessionConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tool that derives every criterion's weight from pairwise comparisons with AHP and applies
 * them all at once, or none when the judgments are too inconsistent (unless told to accept them).
 */
final class PairwiseWeightsTool {

  private static final List<String> COMPARISON_FIELDS = List.of("a", "b", "ratio");

  private final ToolServices services;

  PairwiseWeightsTool(ToolServices services) {
    this.services = services;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "set_pairwise_weights",
        "Weigh criteria by pairwise comparison (AHP)",
        "Derives every criterion's weight from pairwise comparisons with the Analytic Hierarchy Process (principal eigenvector)"
            + " and Saaty's consistency ratio CR. Compare every pair of the session's criteria once: ratio says how much more"
            + " important a is than b on Saaty's 1..9 scale (1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely; 1/3"
            + " or 0.333 when b is more important), or pass the full matrix in criterion order. The most important criterion gets"
            + " weight 10 and the others in proportion. All weights are applied together or not at all; with CR >= 0.10 nothing"
            + " is applied unless accept_inconsistent is true, and the answer names the judgment to revisit.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "comparisons":{"type":"array","description":"One entry per pair of criteria.","items":{"type":"object","properties":{
            "a":{"type":"string","description":"A criterion's name."},
            "b":{"type":"string","description":"The criterion it is compared with."},
            "ratio":{"anyOf":[{"type":"number"},{"type":"string"}],"description":"How much more important a is than b: 1/9..9, e.g. 3 or \\"1/3\\"."}},
            "required":["a","b","ratio"]}},
          "matrix":{"type":"array","description":"Alternative to comparisons: the n x n matrix, rows and columns in the session's criterion order.",
            "items":{"type":"array","items":{"anyOf":[{"type":"number"},{"type":"string"}]}}},
          "accept_inconsistent":{"type":"boolean","description":"Apply the weights even when CR >= 0.10 (default false)."}},
          "required":["session_id"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string"},"applied":{"type":"boolean"},"weights":{"type":"object"},"ahp_weights":{"type":"object"},
          "cr":{"type":"number"},"ci":{"type":"number"},"lambda_max":{"type":"number"},"consistent":{"type":"boolean"},
          "most_inconsistent":{"type":"object"}},
          "required":["session_id","applied","weights","ahp_weights","cr","consistent"]}""",
        ToolDefinition.hints(false, false, true, false),
        this::handle);
  }

  private ToolResult handle(Arguments args, ToolContext ctx) {
    String id = args.requiredText("session_id");
    Session session = services.session(ctx, id);
    Decision decision = session.decision();
    List<Criterion> criteria = decision.criteria();
    int n = criteria.size();
    if (n < 2 || n > Ahp.MAX_SIZE) {
      throw new ToolInputException(
          "session " + session.id() + " has " + n + " criteria but AHP compares 2 to " + Ahp.MAX_SIZE,
          n < 2 ? "Add criteria with add_criterion first." : "Weigh some criteria directly with update_criterion, or remove some.");
    }
    double[][] matrix = readMatrix(args, criteria);
    AhpResult result;
    try {
      result = Ahp.weigh(matrix);
    } catch (IllegalArgumentException e) {
      throw new ToolInputException("the comparisons do not form a valid AHP matrix: " + e.getMessage(),
          "Give each pair once with a ratio in 1/9..9; the reverse pair is filled in as its reciprocal.");
    }
    double[] ahp = result.weights();
    double top = 0;
    for (double w : ahp) {
      top = Math.max(top, w);
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    Map<String, Object> ahpWeights = JsonMaps.map();
    for (int i = 0; i < n; i++) {
      double scaled = Math.round(Criterion.MAX_WEIGHT * ahp[i] / top * 10_000) / 10_000.0;
      weights.put(criteria.get(i).name(), Math.max(Criterion.MIN_WEIGHT, scaled));
      ahpWeights.put(criteria.get(i).name(), ahp[i]);
    }
    boolean apply = result.consistent() || args.flag("accept_inconsistent");
    if (apply) {
      try {
        services.sessions(ctx).apply(session.id(), session.revision(), new SessionCommand.SetWeights(weights));
      } catch (SessionConflictException e) {
        throw new ToolInputException(
            "session " + session.id() + " changed while the weights were computed, so none was applied",
            "Call set_pairwise_weights again; it will weigh the session as it is now.");
      }
    }
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.put("applied", apply);
    out.put("weights", new LinkedHashMap<String, Object>(weights));
    out.put("ahp_weights", ahpWeights);
    out.put("cr", result.cr());
    out.put("ci", result.ci());
    out.put("lambda_max", result.lambdaMax());
    out.put("consistent", result.consistent());
    InconsistentJudgment worst = result.mostInconsistent();
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "AHP weights for session %s (CR %.3f, %s): ", session.id(), result.cr(),
        result.consistent() ? "consistent" : "inconsistent, at or above 0.10"));
    List<String> parts = new ArrayList<>();
    weights.forEach((name, w) -> parts.add(name + " " + Arguments.format(w)));
    text.append(String.join(", ", parts)).append('.');
    if (!result.consistent() && worst != null) {
      Map<String, Object> j = JsonMaps.map();
      j.put("a", criteria.get(worst.row()).name());
      j.put("b", criteria.get(worst.column()).name());
      j.put("given", worst.given());
      j.put("implied", worst.consistent());
      j.put("suggested", worst.suggested());
      out.put("most_inconsistent", j);
      text.append(String.format(Locale.ROOT, " The most inconsistent judgment is %s vs %s = %s; the other judgments imply %.2f, so consider %s.",
          criteria.get(worst.row()).name(), criteria.get(worst.column()).name(), ratioText(worst.given()), worst.consistent(),
          ratioText(worst.suggested())));
    }
    if (apply) {
      text.append(" Applied to every criterion at once; all judgments stay valid.")
          .append(Describe.nextSteps(List.of("Call get_decision_matrix to see the ranking with these weights.")));
    } else {
      text.append(" Nothing was applied.")
          .append(Describe.nextSteps(List.of("Revise that judgment and call set_pairwise_weights again.",
              "Or pass accept_inconsistent: true to apply these weights anyway.")));
    }
    return ToolResult.ok(text.toString(), out);
  }

  /** Reads comparisons or a matrix into a full reciprocal matrix in the session's criterion order. */
  private static double[][] readMatrix(Arguments args, List<Criterion> criteria) {
    int n = criteria.size();
    boolean hasComparisons = args.has("comparisons");
    boolean hasMatrix = args.has("matrix");
    if (hasComparisons == hasMatrix) {
      throw new ToolInputException(
          hasMatrix ? "pass either comparisons or matrix, not both" : "argument \"comparisons\" (or \"matrix\") is required",
          "Pass comparisons such as [{\"a\": \"" + criteria.get(0).name() + "\", \"b\": \"" + criteria.get(1).name() + "\", \"ratio\": 3}], one per pair.");
    }
    double[][] a = new double[n][n];
    if (hasMatrix) {
      List<Object> rows = args.list("matrix");
      if (rows.size() != n) {
        throw new ToolInputException("argument \"matrix\" has " + rows.size() + " rows but the session has " + n + " criteria",
            "Pass one row per criterion, in this order: " + names(criteria) + ".");
      }
      for (int i = 0; i < n; i++) {
        if (!(rows.get(i) instanceof List<?> row) || row.size() != n) {
          throw new ToolInputException("argument \"matrix[" + i + "]\" must be an array of " + n + " numbers",
              "Pass one column per criterion, in this order: " + names(criteria) + ".");
        }
        for (int j = 0; j < n; j++) {
          a[i][j] = ratio("matrix[" + i + "][" + j + "]", row.get(j));
        }
      }
      return a;
    }
    List<Object> list = args.list("comparisons");
    for (int i = 0; i < n; i++) {
      a[i][i] = 1;
    }
    for (int k = 0; k < list.size(); k++) {
      String where = "comparisons[" + k + "]";
      Arguments c = Arguments.nested(where, list.get(k), COMPARISON_FIELDS);
      int i = index(criteria, where + ".a", c.requiredText("a"));
      int j = index(criteria, where + ".b", c.requiredText("b"));
      if (i == j) {
        throw new ToolInputException(where + " compares \"" + criteria.get(i).name() + "\" with itself", "Compare two different criteria.");
      }
      if (a[i][j] != 0) {
        throw new ToolInputException(where + " compares \"" + criteria.get(i).name() + "\" and \"" + criteria.get(j).name() + "\" a second time",
            "Give each pair once; the reverse is its reciprocal.");
      }
      double r = ratio(where + ".ratio", c.raw("ratio"));
      a[i][j] = r;
      a[j][i] = 1 / r;
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (a[i][j] == 0) {
          missing.add(criteria.get(i).name() + " vs " + criteria.get(j).name());
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new ToolInputException(
          "the comparisons leave " + missing.size() + " of " + n * (n - 1) / 2 + " pairs out: " + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
              + (missing.size() > 10 ? ", ..." : ""),
          "AHP needs every pair of criteria compared once; add a comparison for each pair named.");
    }
    return a;
  }

  private static int index(List<Criterion> criteria, String where, String name) {
    for (int i = 0; i < criteria.size(); i++) {
      if (Decision.sameName(criteria.get(i).name(), name)) {
        return i;
      }
    }
    throw new InvalidDecisionException(where, name, "no such criterion; known criteria: " + names(criteria));
  }

  private static String names(List<Criterion> criteria) {
    return String.join(", ", criteria.stream().map(Criterion::name).toList());
  }

  private static double ratio(String where, Object raw) {
    double r = Double.NaN;
    if (raw instanceof Number num) {
      r = num.doubleValue();
    } else if (raw instanceof String t) {
      String s = t.strip();
      try {
        int slash = s.indexOf('/');
        r = slash < 0 ? Double.parseDouble(s) : Double.parseDouble(s.substring(0, slash).strip()) / Double.parseDouble(s.substring(slash + 1).strip());
      } catch (NumberFormatException e) {
        r = Double.NaN;
      }
    }
    if (!(r >= 1 / 9.0 - 1e-3 && r <= 9)) {
      throw new ToolInputException(
          "argument \"" + where + "\" must be a ratio from 1/9 to 9 but was " + (raw instanceof String t ? "\"" + Arguments.shorten(t) + "\"" : Arguments.typeOf(raw) + (raw instanceof Number ? " " + raw : "")),
          "Use Saaty's scale: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more important; 1/3 etc. for less.");
    }
    return r;
  }

  private static String ratioText(double v) {
    for (int k = 1; k <= 9; k++) {
      if (Math.abs(v - k) < 1e-9) {
        return Integer.toString(k);
      }
      if (Math.abs(v * k - 1) < 1e-3) {
        return "1/" + k;
      }
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
