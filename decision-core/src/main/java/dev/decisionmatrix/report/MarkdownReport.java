package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.SensitivityReport;
import dev.decisionmatrix.rank.WeightFlip;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders an evaluation as GitHub-flavoured Markdown: who judged it, which scores were set by hand
 * and the missing-data policy; the matrix as a table with one row per option in rank order; the
 * recommendation; the robustness of the leader under the method shown (its chance of ranking first
 * when the weights vary, and the weights at which another option takes the lead); the cells that
 * need attention; and, on request ({@link RankedEvaluation#withReasoning}), every cell's reasoning.
 *
 * <p>Table columns: rank, option, one column per criterion (header {@code Name (w=weight)}, and
 * {@code cost} for a cost criterion), weighted total. A cell shows its score with one decimal
 * ({@code 7.5}, with {@code ✎} when set by hand and {@code ↕2.5} when it was judged several times and the samples ranged
 * over 2.5 points), {@code —} for an abstention, {@code failed} for a failure (never shown as an
 * abstention) and {@code ·} when not judged yet; a total marked {@code †} is provisional. A legend
 * under the table explains the marks that occur. Failures and abstentions are listed with their
 * reasons under "Cells needing attention".
 *
 * <p>User and model text is escaped: {@code |} becomes {@code \|}, a backslash is doubled, {@code <}
 * becomes {@code &lt;} and line breaks become spaces, so no text can break the table or inject HTML. Rendering takes
 * time linear in the number of cells. Stateless and thread-safe.
 */
public final class MarkdownReport {

  static final String ABSTAINED = "\u2014";
  static final String FAILED = "failed";
  static final String MISSING = "\u00b7";
  static final String PROVISIONAL = "\u2020";
  static final String MANUAL = "\u270e";

  /** Win probabilities listed by name; the rest are summed as "others". */
  private static final int WINNERS_NAMED = 5;

  /** Unjudged cells named one by one in the attention list; beyond this they are counted. */
  private static final int MISSING_NAMED = 10;

  private MarkdownReport() {}

  /**
   * Renders the report.
   *
   * @param evaluation the judgments
   * @param ranking a ranking of this evaluation
   * @return the Markdown text, with {@code \n} line ends
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation
   */
  public static String render(Evaluation evaluation, Ranking ranking) {
    return render(RankedEvaluation.of(evaluation, ranking));
  }

  /**
   * Renders the report with what the input knows: judge, policy, robustness, reasoning.
   *
   * @param input the evaluation, its ranking and what to show with them
   * @return the Markdown text, with {@code \n} line ends
   */
  public static String render(RankedEvaluation input) {
    Evaluation evaluation = input.evaluation();
    Ranking ranking = input.ranking();
    Decision decision = evaluation.decision();
    List<Criterion> criteria = decision.criteria();
    StringBuilder out = new StringBuilder(256 + decision.cellCount() * 8 + decision.options().size() * 64);

    out.append("# ").append(escape(decision.topic())).append("\n\n");
    Evaluation.Counts counts = evaluation.counts();
    out.append(decision.options().size()).append(" options \u00d7 ").append(criteria.size()).append(" criteria, ranked by ")
        .append(ranking.method()).append(". Scores run from 1 to 10; on a cost criterion a higher score means more cost. ")
        .append(counts.total()).append(counts.total() == 1 ? " cell: " : " cells: ")
        .append(counts.scored()).append(" scored, ").append(counts.abstained()).append(" abstained, ")
        .append(counts.failed()).append(" failed, ").append(counts.missing()).append(" not judged.\n\n");
    provenance(out, input);

    out.append("| Rank | Option |");
    for (Criterion c : criteria) {
      out.append(' ').append(escape(ReportText.header(c))).append(" |");
    }
    out.append(" Total |\n|---:|:---|");
    out.append("---:|".repeat(criteria.size()));
    out.append("---:|\n");
    boolean anyProvisional = false;
    for (RankedOption r : ranking.options()) {
      out.append("| ").append(ReportText.rank(r)).append(" | ").append(escape(r.name())).append(" |");
      for (int c = 0; c < criteria.size(); c++) {
        out.append(' ').append(cell(input.judgment(r, c))).append(" |");
      }
      out.append(' ').append(ReportText.total(r.score()));
      if (r.provisional()) {
        out.append(' ').append(PROVISIONAL);
        anyProvisional = true;
      }
      out.append(" |\n");
    }
    legend(out, counts, anyProvisional, !input.manual().isEmpty(), input.maxSamples());

    out.append("\n**Recommendation:** ").append(escape(ranking.recommendation().summary())).append('\n');
    robustness(out, input);
    attention(out, input, counts);
    if (input.reasoning()) {
      reasoning(out, input);
    }
    return out.toString();
  }

  private static String cell(@Nullable Judgment judgment) {
    return switch (judgment) {
      case null -> MISSING;
      case Judgment.Scored s -> ReportText.oneDecimal(s.score()) + ReportText.spreadMark(s) + (s.manual() ? " " + MANUAL : "");
      case Judgment.Measured v -> v.display() + " " + MANUAL;
      case Judgment.Abstained a -> ABSTAINED;
      case Judgment.Failed f -> FAILED;
    };
  }

  /** Who judged, which scores a person set, and how missing scores count. */
  private static void provenance(StringBuilder out, RankedEvaluation input) {
    List<String> manual = input.manual();
    out.append("- **Judged by:** ");
    if (!manual.isEmpty() && !input.anyModelScore()) {
      out.append("every score was set by hand.\n");
    } else {
      out.append(escape(input.judgeText())).append(".\n");
    }
    out.append("- **Set by hand:** ");
    if (manual.isEmpty()) {
      out.append("none.\n");
    } else {
      out.append(manual.size()).append(manual.size() == 1 ? " score (" : " scores (").append(escape(String.join(", ", manual)))
          .append("), marked `").append(MANUAL).append("`.\n");
    }
    out.append("- **Missing data:** ").append(escape(input.policyText())).append(".\n\n");
  }

  /** The robustness of the leader under the method shown, or a note that it was not analysed. */
  private static void robustness(StringBuilder out, RankedEvaluation input) {
    SensitivityReport report = input.sensitivity();
    if (report == null) {
      out.append("\n**Robustness:** not analysed for this report.\n");
      return;
    }
    out.append("\n## Robustness (").append(escape(report.method())).append(")\n\n").append(escape(report.summary())).append('\n');
    if (report.leader() == null) {
      return;
    }
    Map<String, Double> wins = report.winProbability();
    if (!wins.isEmpty()) {
      out.append("\nChance of ranking first over ").append(report.trials()).append(" random re-weightings: ");
      int named = 0;
      double others = 0;
      for (Map.Entry<String, Double> e : wins.entrySet()) {
        if (named < WINNERS_NAMED) {
          out.append(named == 0 ? "" : ", ").append(escape(e.getKey())).append(' ').append(ReportText.percent(e.getValue()));
          named++;
        } else {
          others += e.getValue();
        }
      }
      out.append(others > 0 ? ", others " + ReportText.percent(others) : "").append(".\n");
    }
    List<WeightFlip> flips = report.flips().stream().filter(WeightFlip::canFlip).toList();
    if (flips.isEmpty()) {
      return;
    }
    out.append("\n| Criterion | Weight | Leader changes at a lower weight | Leader changes at a higher weight |\n|:---|---:|---:|---:|\n");
    for (WeightFlip f : flips) {
      out.append("| ").append(escape(f.criterion())).append(" | ").append(ReportText.plain(f.weight())).append(" | ")
          .append(escape(ReportText.flip(f.lowerFlip(), f.lowerLeader()))).append(" | ")
          .append(escape(ReportText.flip(f.upperFlip(), f.upperLeader()))).append(" |\n");
    }
  }

  /** Every cell's reasoning, option by option in rank order. */
  private static void reasoning(StringBuilder out, RankedEvaluation input) {
    List<Criterion> criteria = input.decision().criteria();
    out.append("\n## Reasoning\n");
    for (RankedOption r : input.ranking().options()) {
      out.append("\n### ").append(escape(r.name())).append("\n\n");
      for (int c = 0; c < criteria.size(); c++) {
        Judgment j = input.judgment(r, c);
        out.append("- ").append(escape(criteria.get(c).name())).append(": ");
        switch (j) {
          case null -> out.append("not judged yet");
          case Judgment.Scored s -> {
            String details = ReportText.details(s);
            out.append("**").append(ReportText.oneDecimal(s.score())).append("**").append(details.isEmpty() ? "" : " (" + details + ")");
            if (!s.reasoning().isBlank()) {
              out.append(" \u2014 ").append(escape(s.reasoning()));
            }
          }
          case Judgment.Measured v -> {
            out.append("**").append(escape(v.display())).append("** (entered by hand)");
            if (!v.note().isBlank()) {
              out.append(" \u2014 ").append(escape(v.note()));
            }
          }
          case Judgment.Abstained a -> out.append("abstained \u2014 ").append(escape(ReportText.reason(a)));
          case Judgment.Failed f -> out.append("failed \u2014 ").append(escape(ReportText.failure(f)));
        }
        out.append('\n');
      }
    }
  }

  private static void legend(StringBuilder out, Evaluation.Counts counts, boolean anyProvisional, boolean anyManual, int maxSamples) {
    if (counts.abstained() + counts.failed() + counts.missing() == 0 && !anyProvisional && !anyManual && maxSamples <= 1) {
      return;
    }
    out.append('\n');
    if (anyManual) {
      out.append("- `").append(MANUAL).append("` set by hand: a person set this score, not the judge.\n");
    }
    if (maxSamples > 1) {
      out.append("- `").append(ReportText.SPREAD).append("x` spread: the cell was judged several times (up to ").append(maxSamples)
          .append(") and its samples ranged over x points; the score shown is their median (or mean).\n");
    }
    if (counts.abstained() > 0) {
      out.append("- `").append(ABSTAINED).append("` abstained: the judge declined to score; the criterion is left out of that option's total.\n");
    }
    if (counts.failed() > 0) {
      out.append("- `").append(FAILED).append("`: no valid answer could be had; left out of the total until judged again.\n");
    }
    if (counts.missing() > 0) {
      out.append("- `").append(MISSING).append("` not judged yet.\n");
    }
    if (anyProvisional) {
      out.append("- `").append(PROVISIONAL).append("` provisional: failed or unjudged cells could still change this total.\n");
    }
  }

  private static void attention(StringBuilder out, RankedEvaluation input, Evaluation.Counts counts) {
    List<RankedEvaluation.Flagged> flagged = input.flagged();
    if (flagged.isEmpty() && counts.missing() == 0) {
      return;
    }
    out.append("\n## Cells needing attention\n\n");
    for (RankedEvaluation.Flagged f : flagged) {
      out.append("- ").append(escape(f.option())).append(" \u00d7 ").append(escape(f.criterion())).append(": ");
      if (f.judgment() instanceof Judgment.Failed failed) {
        out.append("**failed** (").append(escape(ReportText.failure(failed))).append(")\n");
      } else if (f.judgment() instanceof Judgment.Abstained abstained) {
        out.append("abstained (").append(escape(ReportText.reason(abstained))).append(")\n");
      }
    }
    if (counts.missing() > 0) {
      List<String> names = input.missing(MISSING_NAMED);
      out.append("- ").append(counts.missing()).append(counts.missing() == 1 ? " cell is" : " cells are")
          .append(" not judged yet: ").append(escape(String.join(", ", names)));
      if (counts.missing() > names.size()) {
        out.append(", \u2026 and ").append(counts.missing() - names.size()).append(" more");
      }
      out.append(".\n");
    }
  }

  /** Escapes text for a table cell, heading or list item; linear in the text's length. */
  static String escape(String text) {
    return ReportText.replaceChars(text, (t, i) -> switch (t.charAt(i)) {
      case '|' -> "\\|";
      case '\\' -> "\\\\";
      case '<' -> "&lt;";
      case '\r' -> (i + 1 < t.length() && t.charAt(i + 1) == '\n') ? "" : " ";
      case '\n', '\u2028', '\u2029' -> " ";
      default -> ReportText.bidi(t.charAt(i));
    });
  }
}
