package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.report.CsvReport;
import dev.decisionmatrix.report.HtmlReport;
import dev.decisionmatrix.report.JsonReport;
import dev.decisionmatrix.report.MarkdownReport;
import dev.decisionmatrix.store.Session;
import java.util.Locale;
import java.util.Map;

/** {@code export_decision_matrix}: the matrix as Markdown, CSV, JSON or a self-contained HTML page. */
final class ExportTool {

  private final ToolServices services;

  ExportTool(ToolServices services) {
    this.services = services;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "export_decision_matrix",
        "Export the decision matrix",
        "Exports a session's matrix, ranking and recommendation as a document to save or share: markdown, csv (one row"
            + " per cell with score, state and reasoning), json (the documented report schema) or html (one self-contained"
            + " page with a chart). The text of the document is the answer.",
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "format":{"type":"string","enum":["markdown","csv","json","html"],"description":"default markdown"}},
          "required":["session_id"]}""",
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"format":{"type":"string"},
          "media_type":{"type":"string"},"characters":{"type":"integer"}},"required":["session_id","format","media_type"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          String format = args.text("format");
          Session session = services.session(id);
          return export(session, format == null ? "markdown" : format.strip().toLowerCase(Locale.ROOT));
        });
  }

  private static ToolResult export(Session session, String format) {
    Evaluation evaluation = session.evaluation();
    Ranking ranking = Ranking.weightedSum(evaluation);
    String mediaType;
    String document;
    switch (format) {
      case "markdown", "md" -> {
        mediaType = "text/markdown";
        document = MarkdownReport.render(evaluation, ranking);
      }
      case "csv" -> {
        mediaType = "text/csv";
        document = CsvReport.render(evaluation, ranking);
      }
      case "json" -> {
        mediaType = "application/json";
        document = JsonReport.render(evaluation, ranking);
      }
      case "html" -> {
        mediaType = "text/html";
        document = HtmlReport.render(evaluation, ranking);
      }
      default -> throw new ToolInputException(
          "argument \"format\" is \"" + format + "\", which is not an export format", "Use markdown, csv, json or html.");
    }
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.put("format", format.equals("md") ? "markdown" : format);
    out.put("media_type", mediaType);
    out.put("characters", document.length());
    return ToolResult.ok(document, out);
  }
}
