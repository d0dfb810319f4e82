package dev.decisionmatrix.report;

import dev.decisionmatrix.rank.SensitivityReport;
import dev.decisionmatrix.rank.WeightFlip;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The robustness view of the HTML report as inline SVG: a bar chart of each option's chance of
 * ranking first when the weights vary, and per criterion a logarithmic weight axis from 0.1 to 10
 * with the current weight and the weights at which the leader changes. Escapes all text; loads
 * nothing. Stateless.
 */
final class RobustnessSvg {

  private static final int LABEL_WIDTH = 220;
  private static final int PLOT_WIDTH = 400;
  private static final int ROW_HEIGHT = 22;
  private static final int LABEL_CHARS = 32;
  private static final int WINNERS_DRAWN = 20;
  private static final double MIN_WEIGHT = 0.1;
  private static final double MAX_WEIGHT = 10;

  private RobustnessSvg() {}

  /** Appends the robustness section: heading, summary and both charts, or a note when not analysed. */
  static void section(StringBuilder out, SensitivityReport report) {
    out.append("<h2>Robustness (").append(HtmlReport.escape(report.method())).append(")</h2>\n<p>")
        .append(HtmlReport.escape(report.summary())).append("</p>\n");
    if (report.leader() == null) {
      return;
    }
    if (!report.winProbability().isEmpty()) {
      out.append("<h3>Chance of ranking first</h3>\n");
      wins(out, report);
    }
    out.append("<h3>Weights at which the leader changes</h3>\n");
    flips(out, report.flips(), report.leader());
  }

  private static void wins(StringBuilder out, SensitivityReport report) {
    Map<String, Double> wins = report.winProbability();
    int rows = Math.min(WINNERS_DRAWN, wins.size());
    int height = rows * ROW_HEIGHT + 8;
    int width = LABEL_WIDTH + PLOT_WIDTH + 70;
    open(out, "win-probabilities", "Chance of ranking first over " + report.trials() + " random re-weightings", width, height);
    int y = 4;
    int drawn = 0;
    for (Map.Entry<String, Double> e : wins.entrySet()) {
      if (drawn++ == rows) {
        break;
      }
      int textY = y + ROW_HEIGHT / 2 + 4;
      int bar = (int) Math.round(Math.max(0, Math.min(1, e.getValue())) * PLOT_WIDTH);
      String name = HtmlReport.escape(e.getKey());
      out.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(textY).append("\" text-anchor=\"end\">")
          .append(HtmlReport.escape(shorten(e.getKey()))).append("</text>")
          .append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 3).append("\" width=\"").append(bar)
          .append("\" height=\"").append(ROW_HEIGHT - 6).append("\" fill=\"")
          .append(e.getKey().equals(report.leader()) ? "#1a7f37" : "#8250df").append("\"><title>").append(name).append(": ")
          .append(ReportText.percent(e.getValue())).append("</title></rect>")
          .append("<text x=\"").append(LABEL_WIDTH + bar + 6).append("\" y=\"").append(textY).append("\">")
          .append(ReportText.percent(e.getValue())).append("</text>\n");
      y += ROW_HEIGHT;
    }
    out.append("</svg>\n");
    if (wins.size() > rows) {
      out.append("<p class=\"legend\">").append(wins.size() - rows).append(" more options win a few trials each.</p>\n");
    }
  }

  private static void flips(StringBuilder out, List<WeightFlip> flips, String leader) {
    int height = flips.size() * ROW_HEIGHT + 30;
    int width = LABEL_WIDTH + PLOT_WIDTH + 40;
    open(out, "flip-points", "Per criterion, the weight range from 0.1 to 10 in which " + leader + " stays the leader", width, height);
    int axisY = flips.size() * ROW_HEIGHT + 8;
    for (double tick : new double[] {0.1, 0.3, 1, 3, 10}) {
      int x = x(tick);
      out.append("<line x1=\"").append(x).append("\" y1=\"4\" x2=\"").append(x).append("\" y2=\"").append(axisY)
          .append("\" stroke=\"#d0d7de\"/><text x=\"").append(x).append("\" y=\"").append(axisY + 16)
          .append("\" text-anchor=\"middle\">").append(ReportText.plain(tick)).append("</text>\n");
    }
    int y = 4;
    for (WeightFlip f : flips) {
      int mid = y + ROW_HEIGHT / 2;
      double low = Double.isNaN(f.lowerFlip()) ? MIN_WEIGHT : f.lowerFlip();
      double high = Double.isNaN(f.upperFlip()) ? MAX_WEIGHT : f.upperFlip();
      out.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(mid + 4).append("\" text-anchor=\"end\">")
          .append(HtmlReport.escape(shorten(f.criterion()))).append("</text>")
          .append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(mid - 3).append("\" width=\"").append(PLOT_WIDTH)
          .append("\" height=\"6\" fill=\"#ffebe9\"/>")
          .append("<rect x=\"").append(x(low)).append("\" y=\"").append(mid - 3).append("\" width=\"").append(Math.max(1, x(high) - x(low)))
          .append("\" height=\"6\" fill=\"#aceebb\"><title>").append(HtmlReport.escape(leader)).append(" leads from ")
          .append(ReportText.plain(round(low))).append(" to ").append(ReportText.plain(round(high))).append("</title></rect>");
      marker(out, f.lowerFlip(), f.lowerLeader(), mid, f.criterion());
      marker(out, f.upperFlip(), f.upperLeader(), mid, f.criterion());
      out.append("<circle class=\"current\" cx=\"").append(x(f.weight())).append("\" cy=\"").append(mid)
          .append("\" r=\"5\" fill=\"#0969da\"><title>current weight ").append(ReportText.plain(f.weight())).append("</title></circle>\n");
      y += ROW_HEIGHT;
    }
    out.append("</svg>\n<p class=\"legend\">Each row moves one weight, the others fixed (logarithmic axis). Green: ")
        .append(HtmlReport.escape(leader)).append(" stays the leader; red marks: another option takes the lead; blue dot: current weight.</p>\n");
  }

  private static void marker(StringBuilder out, double weight, String taker, int mid, String criterion) {
    if (Double.isNaN(weight)) {
      return;
    }
    int x = x(weight);
    out.append("<line class=\"flip\" x1=\"").append(x).append("\" y1=\"").append(mid - 8).append("\" x2=\"").append(x).append("\" y2=\"")
        .append(mid + 8).append("\" stroke=\"#cf222e\" stroke-width=\"3\"><title>").append(HtmlReport.escape(criterion))
        .append(" at ").append(String.format(Locale.ROOT, "%.2f", weight)).append(": ")
        .append(HtmlReport.escape(taker == null ? "another option" : taker)).append(" leads</title></line>");
  }

  private static void open(StringBuilder out, String id, String label, int width, int height) {
    out.append("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
        .append(HtmlReport.escape(label)).append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
  }

  /** The x position of a weight on the log axis 0.1..10. */
  private static int x(double weight) {
    double w = Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, weight));
    return LABEL_WIDTH + (int) Math.round((Math.log10(w) + 1) / 2 * PLOT_WIDTH);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static String shorten(String name) {
    if (name.length() <= LABEL_CHARS) {
      return name;
    }
    int end = LABEL_CHARS - 1;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end) + "\u2026";
  }
}
