package dev.decisionmatrix.model;

import org.jspecify.annotations.Nullable;

/** Normalisation and checks shared by the model records. */
final class Text {
  private Text() {}

  /** Strips the text and requires something to be left. */
  static String required(String field, @Nullable String value) {
    if (value == null) {
      throw new InvalidDecisionException(field, null, "a non-empty text is required");
    }
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      throw new InvalidDecisionException(field, value, "must not be blank");
    }
    return stripped;
  }

  /** Strips the text; {@code null} and blank become the empty string. */
  static String optional(@Nullable String value) {
    return value == null ? "" : value.strip();
  }

  /** Strips the text; {@code null} and blank become {@code null}. */
  static @Nullable String optionalOrNull(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }
}
