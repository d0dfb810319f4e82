package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders an evaluation as GitHub-flavoured Markdown: the matrix as a table with one row per option
 * in rank order, the recommendation, and the cells that need attention.
 *
 * <p>Table columns: rank, option, one column per criterion (header {@code Name (w=weight)}, and
 * {@code cost} for a cost criterion), weighted total. A cell shows its score with one decimal
 * ({@code 7.5}), {@code —} for an abstention, {@code failed} for a failure (never shown as an
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
    RankedEvaluation input = new RankedEvaluation(evaluation, ranking);
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
    legend(out, counts, anyProvisional);

    out.append("\n**Recommendation:** ").append(escape(ranking.recommendation().summary())).append('\n');
    attention(out, input, counts);
    return out.toString();
  }

  private static String cell(@Nullable Judgment judgment) {
    return switch (judgment) {
      case null -> MISSING;
      case Judgment.Scored s -> ReportText.oneDecimal(s.score());
      case Judgment.Abstained a -> ABSTAINED;
      case Judgment.Failed f -> FAILED;
    };
  }

  private static void legend(StringBuilder out, Evaluation.Counts counts, boolean anyProvisional) {
    if (counts.abstained() + counts.failed() + counts.missing() == 0 && !anyProvisional) {
      return;
    }
    out.append('\n');
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
