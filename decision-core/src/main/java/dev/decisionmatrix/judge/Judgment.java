package dev.decisionmatrix.judge;

import dev.decisionmatrix.llm.LlmErrorKind;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on one cell (option x criterion). Exactly one of:
 *
 * <ul>
 *   <li>{@link Scored}: a score in 1..10 with the reasoning behind it;
 *   <li>{@link Measured}: a raw value in a unit (a price, a latency, a yes/no) that a person or a
 *       tool entered for a raw-valued criterion; never asked of an LLM, never replaced by one;
 *   <li>{@link Abstained}: the judge declined to score (not enough information, criterion does not
 *       apply); this is a valid answer;
 *   <li>{@link Failed}: no valid answer could be had (backend error, invalid output). A failure is
 *       never shown or counted as an abstention; it makes the ranking provisional.
 * </ul>
 */
public sealed interface Judgment permits Judgment.Scored, Judgment.Measured, Judgment.Abstained, Judgment.Failed {

  /** Lowest score a judge may give. */
  double MIN_SCORE = 1.0;

  /** Highest score a judge may give. */
  double MAX_SCORE = 10.0;

  /**
   * Returns whether this is a {@link Scored} or {@link Measured} judgment, i.e. one that counts in
   * the ranking.
   *
   * @return {@code true} for {@link Scored} and {@link Measured}, {@code false} for {@link
   *     Abstained} and {@link Failed}
   */
  default boolean isScored() {
    return this instanceof Scored || this instanceof Measured;
  }

  /**
   * Returns whether a person or a tool set this cell rather than a model: a hand-set {@link Scored}
   * or any {@link Measured} value. Such cells are never re-judged nor replaced by a model's
   * judgment.
   *
   * @return {@code true} for hand-set cells
   */
  default boolean isManual() {
    return this instanceof Measured || this instanceof Scored s && s.manual();
  }

  /**
   * Returns whether this is a {@link Failed} judgment, i.e. one that makes the ranking provisional.
   *
   * @return {@code true} for {@link Failed}, {@code false} for {@link Scored} and {@link Abstained}
   */
  default boolean isFailed() {
    return this instanceof Failed;
  }

  /**
   * A score with its reasoning.
   *
   * @param score the score in 1..10 (for a cost criterion: how much of the cost, 10 = most)
   * @param reasoning why, in the judge's words; may be empty
   * @param confidence the judge's confidence in 0..1, or {@code NaN} if it gave none
   * @param spread with several samples, the largest minus the smallest sampled score; else 0
   * @param samples how many scored samples the score was reduced from (1 for a single call)
   * @param manual whether a person set this score rather than a model
   */
  record Scored(double score, String reasoning, double confidence, double spread, int samples, boolean manual)
      implements Judgment {

    /**
     * Validates the values; a missing reasoning becomes the empty string.
     *
     * @param score the score in {@value Judgment#MIN_SCORE}..{@value Judgment#MAX_SCORE}
     * @param reasoning why, in the judge's words; {@code null} means empty
     * @param confidence the judge's confidence in 0..1, or {@link Double#NaN} if it gave none
     * @param spread the largest minus the smallest sampled score, at least 0
     * @param samples how many scored samples the score was reduced from, at least 1
     * @param manual whether a person set this score rather than a model
     * @throws IllegalArgumentException if the score is outside 1..10 or another value is out of range
     */
    public Scored(
        double score, @Nullable String reasoning, double confidence, double spread, int samples, boolean manual) {
      if (!(score >= MIN_SCORE && score <= MAX_SCORE)) {
        throw new IllegalArgumentException("score must be between 1 and 10 but was " + score);
      }
      if (reasoning == null) {
        reasoning = "";
      }
      if (!Double.isNaN(confidence) && !(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("confidence must be between 0 and 1 (or NaN) but was " + confidence);
      }
      if (!(spread >= 0)) {
        throw new IllegalArgumentException("spread must not be negative but was " + spread);
      }
      if (samples < 1) {
        throw new IllegalArgumentException("samples must be at least 1 but was " + samples);
      }
      this.score = score;
      this.reasoning = reasoning;
      this.confidence = confidence;
      this.spread = spread;
      this.samples = samples;
      this.manual = manual;
    }

    /**
     * Creates a single-sample model score: spread 0, one sample, not manual.
     *
     * @param score the score in {@value Judgment#MIN_SCORE}..{@value Judgment#MAX_SCORE}
     * @param reasoning why, in the judge's words; {@code null} means empty
     * @param confidence the judge's confidence in 0..1, or {@link Double#NaN} if it gave none
     * @return the judgment
     * @throws IllegalArgumentException if the score or the confidence is out of range
     */
    public static Scored of(double score, @Nullable String reasoning, double confidence) {
      return new Scored(score, reasoning, confidence, 0, 1, false);
    }

    /**
     * Creates a score a person set: confidence 1, spread 0, one sample, {@code manual} true.
     *
     * @param score the score in {@value Judgment#MIN_SCORE}..{@value Judgment#MAX_SCORE}
     * @param note why the person chose it, shown as the reasoning; {@code null} means empty
     * @return the judgment
     * @throws IllegalArgumentException if the score is out of range
     */
    public static Scored manual(double score, @Nullable String note) {
      return new Scored(score, note, 1.0, 0, 1, true);
    }
  }

  /**
   * A raw value a person or a tool entered for a raw-valued criterion (see {@link
   * dev.decisionmatrix.model.Measure}).
   *
   * @param value the value in {@code unit}; for a yes/no, 1 (yes) or 0 (no)
   * @param unit the unit, equal to the criterion's measure unit
   * @param note where the value comes from or why, shown as the reasoning; may be empty
   */
  record Measured(double value, String unit, String note) implements Judgment {
    /**
     * Validates the value.
     *
     * @param value a finite number; for the unit {@code yes/no}, 1 or 0
     * @param unit the unit; {@code null} means none (empty)
     * @param note where the value comes from; {@code null} means empty
     * @throws IllegalArgumentException if the value is not finite, or a yes/no is neither 0 nor 1
     */
    public Measured(double value, @Nullable String unit, @Nullable String note) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("value must be a finite number but was " + value);
      }
      unit = unit == null ? "" : unit.strip();
      if (unit.equals(dev.decisionmatrix.model.Measure.YES_NO) && value != 0 && value != 1) {
        throw new IllegalArgumentException("a yes/no value must be 1 (yes) or 0 (no) but was " + value);
      }
      this.value = value == 0 ? 0 : value;
      this.unit = unit;
      this.note = note == null ? "" : note;
    }

    /**
     * Returns a yes/no value.
     *
     * @param yes whether the answer is yes
     * @param note where the answer comes from; {@code null} means empty
     * @return the value 1 (yes) or 0 (no) in the unit {@code yes/no}
     */
    public static Measured yesNo(boolean yes, @Nullable String note) {
      return new Measured(yes ? 1 : 0, dev.decisionmatrix.model.Measure.YES_NO, note);
    }

    /**
     * Returns the value as shown to people: {@code yes} or {@code no} for a yes/no, else the number
     * and its unit, such as {@code 12.5 EUR}.
     *
     * @return the text
     */
    public String display() {
      if (unit.equals(dev.decisionmatrix.model.Measure.YES_NO)) {
        return value == 1 ? "yes" : "no";
      }
      String number = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
      return unit.isEmpty() ? number : number + " " + unit;
    }
  }

  /**
   * The judge declined to score.
   *
   * @param reason why, in the judge's words; may be empty
   */
  record Abstained(String reason) implements Judgment {
    /**
     * Normalises a missing reason to the empty string.
     *
     * @param reason why, in the judge's words; {@code null} means empty
     */
    public Abstained(@Nullable String reason) {
      if (reason == null) {
        reason = "";
      }
      this.reason = reason;
    }
  }

  /**
   * No valid answer could be had.
   *
   * @param kind what kind of failure ended the last attempt
   * @param message what went wrong, safe to show (no secrets)
   * @param attempts how many calls were made for this cell
   */
  record Failed(LlmErrorKind kind, String message, int attempts) implements Judgment {
    /**
     * Validates the values; a missing message becomes the empty string.
     *
     * @param kind what kind of failure ended the last attempt; not {@code null}
     * @param message what went wrong, safe to show (no secrets); {@code null} means empty
     * @param attempts how many calls were made for this cell, at least 0
     * @throws IllegalArgumentException if the kind is missing or attempts is negative
     */
    public Failed(LlmErrorKind kind, @Nullable String message, int attempts) {
      if (kind == null) {
        throw new IllegalArgumentException("kind must not be null");
      }
      if (message == null) {
        message = "";
      }
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative but was " + attempts);
      }
      this.kind = kind;
      this.message = message;
      this.attempts = attempts;
    }
  }
}
