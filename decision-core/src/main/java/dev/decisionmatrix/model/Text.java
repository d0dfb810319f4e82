package dev.decisionmatrix.model;

import java.text.Normalizer;
import java.util.Locale;
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

  /**
   * Strips a name and checks it can be shown safely: something visible must be left, and it must
   * hold no control characters (newlines, ESC, NUL) and no bidirectional overrides or isolates,
   * which could make one name look like another in a table.
   */
  static String name(String field, @Nullable String value) {
    String stripped = required(field, value);
    if (stripped.codePoints().allMatch(Text::isInvisible)) {
      throw new InvalidDecisionException(field, value,
          "must not be blank (it holds only invisible characters such as zero-width or no-break spaces); give a visible name");
    }
    for (int i = 0; i < stripped.length(); i++) {
      char ch = stripped.charAt(i);
      if (isBidiControl(ch)) {
        throw new InvalidDecisionException(field, value, String.format(Locale.ROOT,
            "must not contain the bidirectional control character U+%04X (it can make a name look like another); remove it", (int) ch));
      }
      int type = Character.getType(ch);
      if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        throw new InvalidDecisionException(field, value, String.format(Locale.ROOT,
            "must not contain the control character U+%04X (newlines, tabs, ESC and NUL are not allowed in names); remove it", (int) ch));
      }
    }
    return stripped;
  }

  /**
   * Returns the key two names are compared by: NFKC-normalised and case-folded, so {@code été} in
   * composed and decomposed form, {@code Ａlpha} and {@code alpha} are the same name.
   */
  static String nameKey(String name) {
    String compatible = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC);
    String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }

  /** Whether the character is a bidirectional embedding, override or isolate (U+202A-202E, U+2066-2069). */
  static boolean isBidiControl(char ch) {
    return (ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069');
  }

  private static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL || type == Character.FORMAT
        || cp == '\u115F' || cp == '\u1160' || cp == '\u3164' || cp == '\uFFA0';
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
