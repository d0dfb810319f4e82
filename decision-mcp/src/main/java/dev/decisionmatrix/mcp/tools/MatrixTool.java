package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.Recommendation;
import dev.decisionmatrix.report.JsonReport;
import dev.decisionmatrix.report.MarkdownReport;
import dev.decisionmatrix.store.Session;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@code get_decision_matrix}: the matrix as a Markdown table with ranking and recommendation. */
final class MatrixTool {

  private final ToolServices services;

  MatrixTool(ToolServices services) {
    this.services = services;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "get_decision_matrix",
        "Show the decision matrix",
        "Returns the decision matrix of a session: a Markdown table of options x criteria with scores, weighted totals and"
            + " ranks, the recommendation with its margin, and the cells that abstained or failed. Structured content follows"
            + " the documented JSON report schema (topic, criteria, options, cells, stats, ranking, recommendation).",
        """
        {"type":"object","properties":{"session_id":{"type":"string"}},"required":["session_id"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string"},"schemaVersion":{"type":"integer"},"topic":{"type":"string"},
          "criteria":{"type":"array","items":{"type":"object"}},
          "options":{"type":"array","items":{"type":"object"}},
          "cells":{"type":"array","items":{"type":"object"}},
          "stats":{"type":"object"},
          "ranking":{"type":"object","properties":{"method":{"type":"string"},"provisional":{"type":"boolean"},
            "options":{"type":"array","items":{"type":"object"}}},"required":["method","options"]},
          "recommendation":{"type":"object","properties":{"verdict":{"type":"string"},
            "leaders":{"type":"array","items":{"type":"string"}},"summary":{"type":"string"}},"required":["verdict","leaders","summary"]}},
          "required":["session_id","topic","criteria","options","cells","ranking","recommendation"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          services.session(id);
          // Reading the matrix is use of the session: it keeps it from expiring and makes it current.
          Session session = services.store().update(id, UnaryOperator.identity());
          return render(session);
        });
  }

  /**
   * Renders a session's matrix.
   *
   * @param session the session
   * @return the answer
   */
  static ToolResult render(Session session) {
    Evaluation evaluation = session.evaluation();
    Ranking ranking = Ranking.weightedSum(evaluation);
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.putAll(JsonReport.toMap(evaluation, ranking));
    Recommendation r = ranking.recommendation();
    String text = "Session " + session.id() + "\n\n" + MarkdownReport.render(evaluation, ranking)
        + (r.provisional() ? "\n\nSome cells are not judged yet or failed: call evaluate_options to complete the matrix." : "");
    return ToolResult.ok(text, out);
  }

  /**
   * Renders a session's matrix as Markdown only (for resources).
   *
   * @param session the session
   * @return the Markdown
   */
  static String markdown(Session session) {
    return MarkdownReport.render(session.evaluation(), Ranking.weightedSum(session.evaluation()));
  }

  /**
   * Renders a session's matrix as the JSON report map (for resources).
   *
   * @param session the session
   * @return the map
   */
  static Map<String, Object> json(Session session) {
    return JsonReport.toMap(session.evaluation(), Ranking.weightedSum(session.evaluation()));
  }
}
