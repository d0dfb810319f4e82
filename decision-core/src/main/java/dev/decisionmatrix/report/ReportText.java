package dev.decisionmatrix.report;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Direction;
import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How every report words and formats the same things: states, numbers, weights, failures. */
final class ReportText {

  private ReportText() {}

  /** The state's name as written in every report: scored, abstained, failed or missing. */
  static String state(@Nullable Judgment judgment) {
    return switch (judgment) {
      case null -> "missing";
      case Judgment.Scored s -> "scored";
      case Judgment.Abstained a -> "abstained";
      case Judgment.Failed f -> "failed";
    };
  }

  /** A score with one decimal, e.g. {@code 7.5}. */
  static String oneDecimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** A weighted total with two decimals, e.g. {@code 6.83}, or a dash when there is none. */
  static String total(double value) {
    return Double.isNaN(value) ? "\u2013" : String.format(Locale.ROOT, "%.2f", value);
  }

  /** A number without needless zeros: {@code 2}, {@code 0.5}, {@code 1.25}; empty for NaN. */
  static String plain(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A criterion's name with its weight and, for a cost criterion, the word cost: {@code Price (w=2, cost)}. */
  static String header(Criterion criterion) {
    return criterion.name() + " (w=" + plain(criterion.weight()) + (criterion.direction() == Direction.COST ? ", cost)" : ")");
  }

  /** What went wrong in a failed cell, e.g. {@code timeout after 3 attempts: read timed out}. */
  static String failure(Judgment.Failed failed) {
    String kind = failed.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    String attempts = failed.attempts() == 0 ? "" : " after " + failed.attempts() + (failed.attempts() == 1 ? " attempt" : " attempts");
    return kind + attempts + (failed.message().isBlank() ? "" : ": " + failed.message());
  }

  /** An abstention's reason, or a stand-in when the judge gave none. */
  static String reason(Judgment.Abstained abstained) {
    return abstained.reason().isBlank() ? "no reason given" : abstained.reason();
  }
}
