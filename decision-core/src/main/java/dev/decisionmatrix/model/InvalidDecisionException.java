package dev.decisionmatrix.model;

import dev.decisionmatrix.DecisionMatrixException;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a decision, option or criterion breaks a rule. The message names the field, the
 * offending value (shortened) and the rule, so it can be shown to a person or an agent as is.
 */
public final class InvalidDecisionException extends DecisionMatrixException {
  @Serial private static final long serialVersionUID = 1L;

  private static final int MAX_VALUE_IN_MESSAGE = 60;

  /** The field that was wrong, e.g. {@code "options[3].name"}. */
  private final String field;

  /** The rule the value broke, phrased as what is expected. */
  private final String rule;

  /**
   * Creates the exception.
   *
   * @param field the field that was wrong, e.g. {@code "criteria[2].weight"}
   * @param value the rejected value (shortened in the message), may be {@code null}
   * @param rule the rule it broke, phrased as what is expected
   */
  public InvalidDecisionException(String field, @Nullable Object value, String rule) {
    super(field + " " + describe(value) + " is invalid: " + rule);
    this.field = field;
    this.rule = rule;
  }

  /**
   * Returns the field that was wrong, as a path into the input.
   *
   * @return the field, e.g. {@code "options[3].name"} or {@code criterion "Cost".weight}
   */
  public String field() {
    return field;
  }

  /**
   * Returns the rule the value broke, without the field and the value.
   *
   * @return the rule, phrased as what is expected, e.g. {@code "must be between 0.1 and 10"}
   */
  public String rule() {
    return rule;
  }

  static String describe(@Nullable Object value) {
    if (value == null) {
      return "(missing)";
    }
    String text = String.valueOf(value);
    if (value instanceof CharSequence) {
      String shortened = shorten(text);
      return "\"" + shortened + "\"" + (text.length() > MAX_VALUE_IN_MESSAGE ? " (" + text.length() + " characters)" : "");
    }
    return "(" + shorten(text) + ")";
  }

  /** Writes control, format and lone surrogate characters as {@code \\uXXXX}, so a message cannot carry them. */
  private static String visible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      int type = Character.getType(ch);
      boolean lone = Character.isSurrogate(ch) && !(Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
          && !(Character.isLowSurrogate(ch) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
      if (type == Character.CONTROL || type == Character.FORMAT || lone) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) ch));
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** Shortens text for messages: at most 60 characters, with an ellipsis when cut. */
  static String shorten(String text) {
    String oneLine = visible(text.replaceAll("\\s+", " "));
    return oneLine.length() <= MAX_VALUE_IN_MESSAGE
        ? oneLine
        : oneLine.substring(0, MAX_VALUE_IN_MESSAGE - 1) + "\u2026";
  }
}
