package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.report.CsvReport;
import dev.decisionmatrix.report.HtmlReport;
import dev.decisionmatrix.report.JsonReport;
import dev.decisionmatrix.report.MarkdownReport;
import dev.decisionmatrix.report.RankedEvaluation;
import dev.decisionmatrix.store.Session;
import java.util.List;
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
            + " page with charts and every cell's reasoning, also attached as an embedded text/html resource). Every format names"
            + " the judge and model, the missing-data policy, the scores set by hand and the robustness of the leader under"
            + " the method shown. The text of the document is the answer.",
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "format":{"type":"string","enum":["markdown","csv","json","html"],"description":"default markdown"},
          "method":{"type":"string","enum":%s,"description":"ranking method (default weighted-sum)"},
          "missing":{"type":"string","enum":%s,"description":"what a cell without a score counts as (default worst)"},
          "reasoning":{"type":"boolean","description":"markdown: also list every cell's reasoning (default false; html always has it, collapsed)"}},
          "required":["session_id"]}""".formatted(RankingArguments.methodNames(), RankingArguments.policyNames()),
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"format":{"type":"string"},
          "media_type":{"type":"string"},"characters":{"type":"integer"}},"required":["session_id","format","media_type"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          String format = args.text("format");
          String chosen = format == null ? "markdown" : format.strip().toLowerCase(Locale.ROOT);
          checkFormat(chosen);
          Session session = services.session(ctx, id);
          RankingMethod method = RankingArguments.method(args);
          Evaluation evaluation = session.evaluation();
          RankedEvaluation input = MatrixTool.judge(services, session, ctx)
              .apply(RankedEvaluation.of(evaluation, Ranking.of(evaluation, method, RankingArguments.missing(args))))
              .analyzed(method)
              .withReasoning(args.flag("reasoning"));
          return export(session, chosen, input);
        });
  }

  private static void checkFormat(String format) {
    if (!List.of("markdown", "md", "csv", "json", "html").contains(format)) {
      throw new ToolInputException(
          "argument \"format\" is \"" + format + "\", which is not an export format", "Use markdown, csv, json or html.");
    }
  }

  private static ToolResult export(Session session, String format, RankedEvaluation input) {
    String mediaType;
    String document;
    switch (format) {
      case "markdown", "md" -> {
        mediaType = "text/markdown";
        document = MarkdownReport.render(input);
      }
      case "csv" -> {
        mediaType = "text/csv";
        document = CsvReport.render(input);
      }
      case "json" -> {
        mediaType = "application/json";
        document = JsonReport.render(input);
      }
      case "html" -> {
        mediaType = "text/html";
        document = HtmlReport.render(input);
      }
      default -> throw new ToolInputException(
          "argument \"format\" is \"" + format + "\", which is not an export format", "Use markdown, csv, json or html.");
    }
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.put("format", format.equals("md") ? "markdown" : format);
    out.put("media_type", mediaType);
    out.put("characters", document.length());
    ToolResult result = ToolResult.ok(document, out);
    return mediaType.equals("text/html")
        ? result.with(new ToolAttachment.Resource("decision://sessions/" + session.id() + "/report.html", mediaType, document))
        : result;
  }
}
