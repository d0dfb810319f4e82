package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders an evaluation as one self-contained HTML page: the recommendation, an inline SVG bar
 * chart of the weighted totals, the matrix as a table in rank order whose scored cells are coloured
 * from red (worst) to green (best; a cost criterion's scale is reversed), and the cells needing
 * attention, and every cell's reasoning, one collapsed section per option (open when the input asks
 * for reasoning). A cell's reasoning also shows as its tooltip; a score reduced from several samples
 * shows their range ({@code ↕2.5}).
 *
 * <p>The page loads nothing: styles are inline, there is no script, and a Content-Security-Policy
 * forbids scripts and external resources. All user and model text is HTML-escaped. Rendering takes
 * time linear in the number of cells. Stateless and thread-safe.
 */
public final class HtmlReport {

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;max-width:100%}
      h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
      .summary{font-size:1.05rem;padding:.75rem 1rem;background:#f6f8fa;border-left:4px solid #0969da}
      .summary.provisional{border-left-color:#bf8700}
      .scroll{overflow-x:auto}
      table{border-collapse:collapse;font-size:.9rem}
      th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:right;white-space:nowrap}
      th{background:#f6f8fa}td.name,th.name{text-align:left}
      td.abstained{color:#57606a;background:#eaeef2}
      td.failed{color:#82071e;background:repeating-linear-gradient(45deg,#ffebe9,#ffebe9 4px,#fff 4px,#fff 8px);font-weight:600}
      td.missing{color:#8c959f}
      .cost{color:#57606a;font-weight:400}
      .legend{color:#57606a;font-size:.85rem}
      .spread{color:#57606a;font-size:.75rem;margin-left:.2rem}
      details{margin:.25rem 0}summary{cursor:pointer;font-weight:600}
      details ul{margin:.25rem 0 .75rem;padding-left:1.25rem}details li{margin:.15rem 0}
      svg text{font-size:12px;fill:#1f2328}
      """;

  private static final int CHART_LABEL_WIDTH = 220;
  private static final int CHART_BAR_WIDTH = 400;
  private static final int CHART_ROW_HEIGHT = 22;
  private static final int CHART_LABEL_CHARS = 32;

  private HtmlReport() {}

  /**
   * Renders the report.
   *
   * @param evaluation the judgments
   * @param ranking a ranking of this evaluation
   * @return the HTML page
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation
   */
  public static String render(Evaluation evaluation, Ranking ranking) {
    return render(RankedEvaluation.of(evaluation, ranking));
  }

  /**
   * Renders the report with what the input knows: judge, policy and the robustness view.
   *
   * @param input the evaluation, its ranking and what to show with them
   * @return the HTML page
   */
  public static String render(RankedEvaluation input) {
    Evaluation evaluation = input.evaluation();
    Ranking ranking = input.ranking();
    Decision decision = evaluation.decision();
    StringBuilder out = new StringBuilder(4_096 + decision.cellCount() * 80 + decision.options().size() * 200);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(decision.topic())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    out.append("<h1>").append(escape(decision.topic())).append("</h1>\n");
    out.append("<p class=\"summary").append(ranking.provisional() ? " provisional" : "").append("\">")
        .append(escape(ranking.recommendation().summary())).append("</p>\n");
    out.append("<ul class=\"legend\"><li>Judged by: ").append(escape(input.judgeText())).append("</li><li>Set by hand: ")
        .append(input.manual().isEmpty() ? "none" : escape(String.join(", ", input.manual()))).append("</li><li>Missing data: ")
        .append(escape(input.policyText())).append("</li></ul>\n");
    chart(out, ranking);
    matrix(out, input);
    if (input.sensitivity() != null) {
      RobustnessSvg.section(out, input.sensitivity());
    }
    attention(out, input, evaluation.counts());
    reasoning(out, input);
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static void chart(StringBuilder out, Ranking ranking) {
    List<RankedOption> options = ranking.options();
    int height = Math.max(1, options.size()) * CHART_ROW_HEIGHT + 8;
    int width = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 70;
    out.append("<h2>Weighted totals</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Weighted totals by option, ")
        .append(escape(ranking.method())).append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
    int y = 4;
    for (RankedOption r : options) {
      int textY = y + CHART_ROW_HEIGHT / 2 + 4;
      out.append("<text x=\"").append(CHART_LABEL_WIDTH - 8).append("\" y=\"").append(textY).append("\" text-anchor=\"end\">")
          .append(escape(shorten(r.name()))).append("</text>");
      if (r.isRanked()) {
        int barWidth = (int) Math.round(Math.max(0, Math.min(10, r.score())) / 10 * CHART_BAR_WIDTH);
        out.append("<rect x=\"").append(CHART_LABEL_WIDTH).append("\" y=\"").append(y + 3).append("\" width=\"").append(barWidth)
            .append("\" height=\"").append(CHART_ROW_HEIGHT - 6).append("\" fill=\"").append(r.rank() == 1 ? "#1a7f37" : "#0969da").append('"');
        if (r.provisional()) {
          out.append(" fill-opacity=\"0.45\" stroke=\"#1f2328\" stroke-dasharray=\"3 2\"");
        }
        out.append("><title>").append(escape(r.name())).append(": ").append(ReportText.total(r.score()))
            .append(r.provisional() ? " (provisional)" : "").append("</title></rect>");
        out.append("<text x=\"").append(CHART_LABEL_WIDTH + barWidth + 6).append("\" y=\"").append(textY).append("\">")
            .append(ReportText.total(r.score())).append(r.provisional() ? " " + MarkdownReport.PROVISIONAL : "").append("</text>");
      } else {
        out.append("<text x=\"").append(CHART_LABEL_WIDTH + 6).append("\" y=\"").append(textY).append("\">no score yet</text>");
      }
      out.append('\n');
      y += CHART_ROW_HEIGHT;
    }
    out.append("</svg>\n");
  }

  private static void matrix(StringBuilder out, RankedEvaluation input) {
    List<Criterion> criteria = input.decision().criteria();
    out.append("<h2>Matrix</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>Rank</th><th class=\"name\">Option</th>");
    for (Criterion c : criteria) {
      out.append("<th");
      if (!c.description().isEmpty()) {
        out.append(" title=\"").append(escape(c.description())).append('"');
      }
      out.append('>').append(escape(c.name())).append(" <span class=\"cost\">(w=").append(ReportText.plain(c.weight()))
          .append(c.direction() == Direction.COST ? ", cost" : "").append(")</span></th>");
    }
    out.append("<th>Total</th></tr></thead>\n<tbody>\n");
    boolean anyProvisional = false;
    for (RankedOption r : input.ranking().options()) {
      out.append("<tr><td>").append(ReportText.rank(r)).append("</td><td class=\"name\">")
          .append(escape(r.name())).append("</td>");
      for (int c = 0; c < criteria.size(); c++) {
        cell(out, input.judgment(r, c), criteria.get(c).direction());
      }
      out.append("<td><strong>").append(ReportText.total(r.score())).append("</strong>");
      if (r.provisional()) {
        out.append(' ').append(MarkdownReport.PROVISIONAL);
        anyProvisional = true;
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody>\n</table></div>\n<p class=\"legend\">Scores run from 1 to 10; on a cost criterion a higher score means more cost, "
        + "so its colours run the other way. ")
        .append(MarkdownReport.ABSTAINED).append(" abstained (left out of the total); failed: no valid answer (left out until judged again); ")
        .append(MarkdownReport.MISSING).append(" not judged yet")
        .append(input.manual().isEmpty() ? "" : "; " + MarkdownReport.MANUAL + " set by hand")
        .append(input.maxSamples() > 1 ? "; " + ReportText.SPREAD + "x: judged several times, the samples ranged over x points" : "")
        .append(anyProvisional ? "; " + MarkdownReport.PROVISIONAL + " provisional total." : ".").append("</p>\n");
  }

  private static void cell(StringBuilder out, @Nullable Judgment judgment, Direction direction) {
    switch (judgment) {
      case null -> out.append("<td class=\"missing\">").append(MarkdownReport.MISSING).append("</td>");
      case Judgment.Scored s -> {
        double good = direction == Direction.COST ? 11 - s.score() : s.score();
        long hue = Math.round((good - 1) / 9 * 120);
        out.append("<td style=\"background:hsl(").append(hue).append(",65%,82%)\" title=\"").append(escape(s.reasoning()));
        if (!Double.isNaN(s.confidence())) {
          out.append(" (confidence ").append(ReportText.plain(s.confidence())).append(')');
        }
        if (s.manual()) {
          out.append(" (set by hand)");
        }
        if (s.samples() > 1) {
          out.append(" (").append(s.samples()).append(" samples ranging over ").append(ReportText.plain(s.spread())).append(')');
        }
        out.append("\">").append(ReportText.oneDecimal(s.score()));
        if (s.samples() > 1) {
          out.append("<span class=\"spread\">").append(ReportText.spreadMark(s).strip()).append("</span>");
        }
        if (s.manual()) {
          out.append(' ').append(MarkdownReport.MANUAL);
        }
        out.append("</td>");
      }
      case Judgment.Measured v -> out.append("<td class=\"scored\" title=\"entered by hand").append(v.note().isBlank() ? "" : ": " + escape(v.note()))
          .append("\">").append(escape(v.display())).append("</td>");
      case Judgment.Abstained a -> out.append("<td class=\"abstained\" title=\"").append(escape(ReportText.reason(a))).append("\">")
          .append(MarkdownReport.ABSTAINED).append("</td>");
      case Judgment.Failed f -> out.append("<td class=\"failed\" title=\"").append(escape(ReportText.failure(f))).append("\">failed</td>");
    }
  }

  private static void attention(StringBuilder out, RankedEvaluation input, Evaluation.Counts counts) {
    List<RankedEvaluation.Flagged> flagged = input.flagged();
    if (flagged.isEmpty() && counts.missing() == 0) {
      return;
    }
    out.append("<h2>Cells needing attention</h2>\n<ul>\n");
    for (RankedEvaluation.Flagged f : flagged) {
      out.append("<li>").append(escape(f.option())).append(" \u00d7 ").append(escape(f.criterion())).append(": ");
      if (f.judgment() instanceof Judgment.Failed failed) {
        out.append("<strong>failed</strong> (").append(escape(ReportText.failure(failed))).append(')');
      } else if (f.judgment() instanceof Judgment.Abstained abstained) {
        out.append("abstained (").append(escape(ReportText.reason(abstained))).append(')');
      }
      out.append("</li>\n");
    }
    if (counts.missing() > 0) {
      out.append("<li>").append(counts.missing()).append(counts.missing() == 1 ? " cell is" : " cells are").append(" not judged yet.</li>\n");
    }
    out.append("</ul>\n");
  }

  /** Every cell's reasoning: one collapsible section per option in rank order. */
  private static void reasoning(StringBuilder out, RankedEvaluation input) {
    List<Criterion> criteria = input.decision().criteria();
    out.append("<h2>Reasoning</h2>\n<p class=\"legend\">What the judge said about each cell; open an option to read it.</p>\n");
    for (RankedOption r : input.ranking().options()) {
      out.append(input.reasoning() ? "<details open>" : "<details>").append("<summary>").append(ReportText.rank(r)).append(". ")
          .append(escape(r.name())).append("</summary><ul>\n");
      for (int c = 0; c < criteria.size(); c++) {
        out.append("<li><strong>").append(escape(criteria.get(c).name())).append("</strong>: ");
        switch (input.judgment(r, c)) {
          case null -> out.append("not judged yet");
          case Judgment.Scored s -> {
            String details = ReportText.details(s);
            out.append(ReportText.oneDecimal(s.score())).append(details.isEmpty() ? "" : " (" + escape(details) + ")");
            if (!s.reasoning().isBlank()) {
              out.append(" \u2014 ").append(escape(s.reasoning()));
            }
          }
          case Judgment.Measured v -> {
            out.append(escape(v.display())).append(" (entered by hand)");
            if (!v.note().isBlank()) {
              out.append(" \u2014 ").append(escape(v.note()));
            }
          }
          case Judgment.Abstained a -> out.append("abstained \u2014 ").append(escape(ReportText.reason(a)));
          case Judgment.Failed f -> out.append("failed \u2014 ").append(escape(ReportText.failure(f)));
        }
        out.append("</li>\n");
      }
      out.append("</ul></details>\n");
    }
  }

  private static String shorten(String name) {
    if (name.length() <= CHART_LABEL_CHARS) {
      return name;
    }
    int end = CHART_LABEL_CHARS - 1;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end) + "\u2026";
  }

  /** Escapes text for HTML content and double- or single-quoted attributes; linear in its length. */
  static String escape(String text) {
    return ReportText.replaceChars(text, (t, i) -> switch (t.charAt(i)) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#39;";
      default -> ReportText.bidi(t.charAt(i));
    });
  }
}
