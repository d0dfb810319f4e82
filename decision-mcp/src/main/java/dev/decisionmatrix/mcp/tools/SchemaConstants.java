package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.mcp.judge.BackendNames;
import dev.decisionmatrix.model.Criterion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The model's limits as they appear in the tools' JSON schemas. Schema texts name them as {@code
 * ${NAME}} placeholders, so a limit changed in the model changes every schema and description that
 * states it, and no schema repeats a number the model already holds.
 */
final class SchemaConstants {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

  private static final Map<String, String> VALUES = Map.of(
      "WEIGHT_RANGE", range(Criterion.MIN_WEIGHT, Criterion.MAX_WEIGHT),
      "MIN_WEIGHT", number(Criterion.MIN_WEIGHT),
      "MAX_WEIGHT", number(Criterion.MAX_WEIGHT),
      "DEFAULT_WEIGHT", number(Criterion.DEFAULT_WEIGHT),
      "TEMPERATURE_RANGE", range(0, Criterion.MAX_TEMPERATURE),
      "SCORE_RANGE", range(Judgment.MIN_SCORE, Judgment.MAX_SCORE),
      "SAMPLES_RANGE", range(1, EvaluationOptions.MAX_SAMPLES),
      "BATCH_RANGE", range(1, EvaluationOptions.MAX_BATCH_CRITERIA),
      "BACKENDS", backends());

  private SchemaConstants() {}

  /**
   * Replaces every placeholder in a schema text.
   *
   * @param schema the text
   * @return the text with the model's values
   * @throws IllegalStateException for an unknown placeholder (a bug in a tool's schema)
   */
  static String expand(String schema) {
    Matcher m = PLACEHOLDER.matcher(schema);
    StringBuilder out = new StringBuilder(schema.length());
    while (m.find()) {
      String value = VALUES.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("unknown schema placeholder ${" + m.group(1) + "}; known: " + VALUES.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String range(double min, double max) {
    return "\"minimum\":" + number(min) + ",\"maximum\":" + number(max);
  }

  /** A number as JSON writes it most simply: 10, not 10.0. */
  static String number(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /**
   * The judge names a tool accepts, as JSON strings: every backend, and {@code litellm} after
   * {@code openai} (the Python server's name for an OpenAI-compatible proxy).
   */
  private static String backends() {
    List<String> names = new ArrayList<>();
    for (String name : BackendNames.all()) {
      names.add(name);
      if (name.equals("openai")) {
        names.add("litellm");
      }
    }
    return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","));
  }
}
