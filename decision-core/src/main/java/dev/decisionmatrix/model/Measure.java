package dev.decisionmatrix.model;

import java.util.Locale;

/**
 * What a raw-valued criterion measures: its unit. A criterion with a measure carries values that a
 * person or a tool enters (a price in EUR, a latency in ms, a yes/no) instead of scores an LLM
 * judges; the engine never asks a judge about it, and each ranking method normalises its column as
 * that method prescribes. Immutable.
 *
 * @param unit the unit values are entered in, such as {@code EUR} or {@code ms}; {@value #YES_NO}
 *     for a yes/no; empty for a plain count or index without a unit
 */
public record Measure(String unit) {

  /** The unit of a yes/no criterion: values are 1 (yes) or 0 (no). */
  public static final String YES_NO = "yes/no";

  /** Longest allowed unit. */
  public static final int MAX_UNIT_LENGTH = 32;

  /**
   * Validates and normalises the unit.
   *
   * @param unit the unit; stripped; {@code null} means none (empty); {@code yes/no}, {@code
   *     yesno} and {@code boolean} (any case) mean {@value #YES_NO}
   * @throws InvalidDecisionException if the unit is longer than {@value #MAX_UNIT_LENGTH}
   *     characters or contains a line break
   */
  public Measure {
    unit = unit == null ? "" : unit.strip();
    String lower = unit.toLowerCase(Locale.ROOT);
    if (lower.equals(YES_NO) || lower.equals("yesno") || lower.equals("boolean") || lower.equals("yes-no")) {
      unit = YES_NO;
    }
    if (unit.length() > MAX_UNIT_LENGTH) {
      throw new InvalidDecisionException("unit", unit, "must be at most " + MAX_UNIT_LENGTH + " characters, such as EUR, ms or yes/no");
    }
    if (unit.chars().anyMatch(ch -> ch == '\n' || ch == '\r')) {
      throw new InvalidDecisionException("unit", unit, "must be one line, such as EUR, ms or yes/no");
    }
  }

  /**
   * Returns a measure in a unit.
   *
   * @param unit the unit, such as {@code EUR}; {@code null} or blank means none
   * @return the measure
   * @throws InvalidDecisionException if the unit is too long or has a line break
   */
  public static Measure of(String unit) {
    return new Measure(unit);
  }

  /**
   * Returns the measure of a yes/no criterion.
   *
   * @return a measure whose unit is {@value #YES_NO}
   */
  public static Measure yesNo() {
    return new Measure(YES_NO);
  }

  /**
   * Tells whether values are yes/no rather than numbers.
   *
   * @return {@code true} for the unit {@value #YES_NO}
   */
  public boolean isYesNo() {
    return unit.equals(YES_NO);
  }

  /**
   * Tells whether a unit someone entered is this measure's unit: equal ignoring case and
   * surrounding blanks (and the spellings of yes/no).
   *
   * @param other the unit entered
   * @return {@code true} if it is the same unit
   */
  public boolean sameUnit(String other) {
    return new Measure(other).unit.equalsIgnoreCase(unit);
  }
}
