package dev.decisionmatrix.report;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.rank.RankedOption;
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
      case Judgment.Measured v -> "measured";
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

  /** An option's rank, e.g. {@code 1}, or a dash when it has none (no score yet). */
  static String rank(RankedOption option) {
    return option.isRanked() ? Integer.toString(option.rank()) : "\u2013";
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

  /** Chooses what replaces the character at an index of a text: a string, or null to keep it. */
  @FunctionalInterface
  interface CharReplacement {

    /** Returns the replacement for {@code text.charAt(index)}, or null to keep the character. */
    @Nullable String at(String text, int index);
  }

  /**
   * Returns the text with each character replaced as chosen: the text itself when nothing is
   * replaced, else a copy made in one pass (linear in the text's length).
   */
  static String replaceChars(String text, CharReplacement replacement) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      String r = replacement.at(text, i);
      if (r != null && sb == null) {
        sb = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(text.charAt(i));
        }
      }
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * Returns what a bidirectional embedding, override or isolate (U+202A-202E, U+2066-2069) is shown
   * as in every report: the replacement character, so no text can reorder the table around it; null
   * for any other character.
   */
  static @Nullable String bidi(char ch) {
    return (ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069') ? "\uFFFD" : null;
  }

  /** Returns the text with every bidirectional control replaced as {@link #bidi(char)} says. */
  static String defuseBidi(String text) {
    return replaceChars(text, (t, i) -> bidi(t.charAt(i)));
  }

  /**
   * A share in 0..1 as a whole percentage, e.g. {@code 72%}: below 1% but above 0 as {@code <1%},
   * above 99% but below all as {@code >99%}, so {@code 0%} and {@code 100%} mean exactly none and all.
   */
  static String percent(double share) {
    return dev.decisionmatrix.rank.SensitivityReport.percent(share);
  }

  /** The mark after a score reduced from several samples: {@code " ↕2.5"} for a range of 2.5; else empty. */
  static String spreadMark(Judgment.Scored s) {
    return s.samples() > 1 ? " " + SPREAD + plain(s.spread()) : "";
  }

  /** The mark before a sampled score's range, e.g. {@code ↕2.5}. */
  static final String SPREAD = "\u2195";

  /** A flip point with the option that takes over, e.g. {@code 0.85 (Alpha leads)}, or a dash. */
  static String flip(double weight, @Nullable String taker) {
    return Double.isNaN(weight) ? "\u2013" : String.format(Locale.ROOT, "%.2f", weight) + (taker == null ? "" : " (" + taker + " leads)");
  }

  /**
   * The details of a scored cell after its score: confidence, samples and spread, set by hand;
   * e.g. {@code confidence 0.9, 3 samples spread 1.5}; empty when there are none.
   */
  static String details(Judgment.Scored s) {
    StringBuilder d = new StringBuilder();
    if (s.manual()) {
      d.append("set by hand");
    } else if (!Double.isNaN(s.confidence())) {
      d.append("confidence ").append(plain(s.confidence()));
    }
    if (s.samples() > 1) {
      d.append(d.isEmpty() ? "" : ", ").append(s.samples()).append(" samples spread ").append(plain(s.spread()));
    }
    return d.toString();
  }

  /** An abstention's reason, or a stand-in when the judge gave none. */
  static String reason(Judgment.Abstained abstained) {
    return abstained.reason().isBlank() ? "no reason given" : abstained.reason();
  }
}
