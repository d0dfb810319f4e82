package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.mcp.judge.Judges;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.model.Option;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads options and criteria from tool arguments, checking every field and naming its path. */
final class DecisionInput {

  /** The fields of an option object. */
  static final List<String> OPTION_FIELDS = List.of("name", "description");

  /** The fields of a criterion object (custom_prompt is the Python server's name for rubric). */
  static final List<String> CRITERION_FIELDS =
      List.of("name", "description", "weight", "direction", "rubric", "custom_prompt", "model_backend", "model_name", "temperature", "kind", "unit");

  private DecisionInput() {}

  /**
   * Reads a list of options: each a name, or an object with name and description.
   *
   * @param field the argument's name, for messages
   * @param raw the array's elements
   * @return the options
   * @throws ToolInputException if an element is neither
   */
  static List<Option> options(String field, List<Object> raw) {
    List<Option> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Object element = raw.get(i);
      String where = field + "[" + i + "]";
      if (element instanceof String name) {
        out.add(option(where + ".name", name, null));
      } else if (element instanceof java.util.Map<?, ?>) {
        Arguments a = Arguments.nested(where, element, OPTION_FIELDS);
        out.add(option(where + ".name", a.requiredText("name"), a.text("description")));
      } else {
        throw new ToolInputException(
            where + " must be an option name or an object {name, description} but was " + Arguments.typeOf(element),
            "Pass " + field + " as an array of texts or of objects such as {\"name\": \"PostgreSQL\", \"description\": \"...\"}.");
      }
    }
    return out;
  }

  private static Option option(String where, String name, @Nullable String description) {
    if (name.isBlank()) {
      throw new ToolInputException(where + " must not be blank", "Give every option a name.");
    }
    return Option.of(name, description);
  }

  /**
   * Reads a criterion from arguments with the {@link #CRITERION_FIELDS}.
   *
   * @param a the arguments (top-level or an element of initial_criteria)
   * @param judges checks model_backend
   * @param clientHasSampling whether the calling client offers sampling
   * @return the criterion
   * @throws ToolInputException, InvalidDecisionException or JudgeUnavailableException naming the field
   */
  static Criterion criterion(Arguments a, Judges judges, boolean clientHasSampling) {
    String name = a.requiredText("name");
    Criterion.Builder b = Criterion.builder(name).description(a.text("description")).rubric(a.text("rubric", "custom_prompt"));
    Double weight = a.number("weight", Criterion.MIN_WEIGHT, Criterion.MAX_WEIGHT);
    if (weight != null) {
      b.weight(weight);
    }
    String direction = a.text("direction");
    if (direction != null) {
      b.direction(direction(a.path() + "direction", direction));
    }
    String backend = a.text("model_backend");
    if (backend != null && !backend.isBlank()) {
      b.backend(judges.checkUsable(a.path() + "model_backend", backend, clientHasSampling));
    }
    b.model(a.text("model_name"));
    b.temperature(a.number("temperature", 0, Criterion.MAX_TEMPERATURE));
    b.measure(measure(a));
    return b.build();
  }

  /**
   * Reads {@code kind} ({@code judged}, the default, or {@code value}) and {@code unit}: a unit
   * alone means a raw-valued criterion too.
   */
  static @Nullable Measure measure(Arguments a) {
    String kind = a.text("kind");
    String unit = a.text("unit");
    String k = kind == null ? (unit == null ? "judged" : "value") : kind.strip().toLowerCase(java.util.Locale.ROOT);
    switch (k) {
      case "judged", "llm", "score" -> {
        if (unit != null) {
          throw new ToolInputException(
              "argument \"" + a.path() + "unit\" was given for a judged criterion (kind \"" + kind + "\")",
              "Drop unit to let the judge score it on 1..10, or pass kind \"value\" to enter raw values in that unit with set_value.");
        }
        return null;
      }
      case "value", "raw", "measured" -> {
        for (String judgeOnly : List.of("rubric", "custom_prompt", "model_backend", "model_name", "temperature")) {
          if (a.has(judgeOnly)) {
            throw new ToolInputException(
                "argument \"" + a.path() + judgeOnly + "\" was given for a raw-valued criterion, which no judge ever scores",
                "Drop " + judgeOnly + ", or leave kind out to have the criterion judged.");
          }
        }
        try {
          return Measure.of(unit);
        } catch (InvalidDecisionException e) {
          throw new ToolInputException("argument \"" + a.path() + "unit\" " + e.getMessage(), "Pass a short unit such as EUR, ms or yes/no.");
        }
      }
      default -> throw new ToolInputException(
          "argument \"" + a.path() + "kind\" is \"" + Arguments.shorten(kind) + "\" but must be \"judged\" or \"value\"",
          "Use \"judged\" (the default) for a criterion an LLM scores 1..10, or \"value\" with a unit for raw values you enter with set_value.");
    }
  }

  /**
   * Parses a direction.
   *
   * @param field the argument's path
   * @param text the text
   * @return the direction
   * @throws ToolInputException if the text names no direction
   */
  static Direction direction(String field, String text) {
    try {
      return Direction.parse(text);
    } catch (InvalidDecisionException e) {
      throw new ToolInputException(
          "argument \"" + field + "\" is \"" + Arguments.shorten(text) + "\" but must be \"benefit\" or \"cost\"",
          "Use \"benefit\" when more is better (e.g. reliability) and \"cost\" when more is worse (e.g. price).");
    }
  }
}
