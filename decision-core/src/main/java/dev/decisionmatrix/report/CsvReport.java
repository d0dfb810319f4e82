package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.SensitivityReport;
import java.util.List;

/**
 * Renders an evaluation as CSV (RFC 4180): a header row, then one row per cell, options in rank
 * order and criteria in decision order.
 *
 * <p>Columns: {@code option, criterion, weight, direction, state, score, confidence, reasoning,
 * spread, samples, set_by, missing_data_policy, method, win_probability}.
 * {@code direction} is {@code benefit} or {@code cost}; {@code state} is {@code scored}, {@code
 * abstained}, {@code failed} or {@code missing}; {@code score} is the judge's raw score (on a cost
 * criterion a higher score means more cost) and {@code confidence} is empty when unknown or when
 * there is no score; {@code reasoning} holds the judge's reasoning, an abstention's reason, or what
 * went wrong in a failed cell; {@code spread} and {@code samples} tell how far a score's samples
 * ranged and how many there were; {@code set_by} is {@code hand} for a score a person set, else
 * the judge ({@code backend/model}, or {@code judge} when not recorded), empty without a score;
 * {@code missing_data_policy} and {@code method} repeat the ranking's policy and method on every
 * row; {@code win_probability} is the option's chance of ranking first when the weights vary (the
 * robustness analysis of the method shown), empty when not analysed.
 *
 * <p>Fields holding a comma, a double quote or a line break are quoted, with double quotes doubled;
 * lines end with CRLF. So that spreadsheets never run text as a formula, a text field starting
 * with {@code = + - @}, a tab or a carriage return gets a leading apostrophe (OWASP's advice on CSV
 * injection). Stateless and thread-safe.
 */
public final class CsvReport {

  /** The header row's fields. */
  public static final List<String> COLUMNS =
      List.of("option", "criterion", "weight", "direction", "state", "score", "confidence", "reasoning",
          "spread", "samples", "set_by", "missing_data_policy", "method", "win_probability");

  private CsvReport() {}

  /**
   * Renders the report.
   *
   * @param evaluation the judgments
   * @param ranking a ranking of this evaluation (gives the row order)
   * @return the CSV text
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation
   */
  public static String render(Evaluation evaluation, Ranking ranking) {
    return render(RankedEvaluation.of(evaluation, ranking));
  }

  /**
   * Renders the report with what the input knows: judge, policy, robustness.
   *
   * @param input the evaluation, its ranking and what to show with them
   * @return the CSV text
   */
  public static String render(RankedEvaluation input) {
    Evaluation evaluation = input.evaluation();
    Ranking ranking = input.ranking();
    SensitivityReport sensitivity = input.sensitivity();
    List<Criterion> criteria = evaluation.decision().criteria();
    StringBuilder out = new StringBuilder(64 + evaluation.decision().cellCount() * 96);
    out.append(String.join(",", COLUMNS)).append("\r\n");
    for (RankedOption r : ranking.options()) {
      for (int c = 0; c < criteria.size(); c++) {
        Criterion criterion = criteria.get(c);
        Judgment judgment = input.judgment(r, c);
        text(out, r.name()).append(',');
        text(out, criterion.name()).append(',');
        out.append(ReportText.plain(criterion.weight())).append(',');
        out.append(criterion.direction().label()).append(',');
        out.append(ReportText.state(judgment)).append(',');
        switch (judgment) {
          case Judgment.Scored s -> {
            out.append(ReportText.plain(s.score())).append(',').append(ReportText.plain(s.confidence())).append(',');
            text(out, s.reasoning());
          }
          case Judgment.Measured v -> {
            out.append(ReportText.plain(v.value())).append(",,");
            text(out, v.note());
          }
          case Judgment.Abstained a -> text(out.append(",,"), a.reason());
          case Judgment.Failed f -> text(out.append(",,"), ReportText.failure(f));
          case null -> out.append(",,");
        }
        out.append(',');
        if (judgment instanceof Judgment.Scored s) {
          out.append(ReportText.plain(s.spread())).append(',').append(s.samples());
        } else {
          out.append(',');
        }
        text(out.append(','), input.source(judgment)).append(',');
        text(out, input.policy()).append(',');
        text(out, ranking.method()).append(',');
        if (sensitivity != null && sensitivity.leader() != null) {
          out.append(ReportText.plain(sensitivity.winProbability().getOrDefault(r.name(), 0.0)));
        }
        out.append("\r\n");
      }
    }
    return out.toString();
  }

  /** Appends a text field, defused against formulas and quoted if needed. */
  static StringBuilder text(StringBuilder out, String value) {
    String field = ReportText.defuseBidi(value);
    if (!field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0) {
      field = "'" + field;
    }
    boolean quote = false;
    for (int i = 0; i < field.length() && !quote; i++) {
      char ch = field.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    if (!quote) {
      return out.append(field);
    }
    out.append('"');
    for (int i = 0; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch == '"') {
        out.append('"');
      }
      out.append(ch);
    }
    return out.append('"');
  }
}
