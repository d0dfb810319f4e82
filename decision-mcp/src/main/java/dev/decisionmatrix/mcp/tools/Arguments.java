package dev.decisionmatrix.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tool call's arguments with typed, checked access. Every problem becomes a {@link
 * ToolInputException} naming the argument (with its path inside arrays and objects), what was
 * expected and what was given. Lenient where hosts are known to differ: numbers may come as numeric
 * text, arrays as JSON text, and JSON {@code null} counts as absent.
 */
public final class Arguments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String path;
  private final Map<String, Object> values;

  private Arguments(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /**
   * Wraps a call's arguments and rejects names the tool does not take.
   *
   * @param tool the tool's name, for messages
   * @param raw the arguments, may be {@code null} (no arguments)
   * @param allowed the argument names the tool takes
   * @return the arguments
   * @throws ToolInputException naming an unknown argument and listing the valid ones
   */
  public static Arguments of(String tool, @Nullable Map<String, Object> raw, Collection<String> allowed) {
    return check("", "tool " + tool, raw == null ? Map.of() : raw, allowed);
  }

  private static Arguments check(String path, String owner, Map<String, Object> raw, Collection<String> allowed) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (e.getKey() == null) {
        continue;
      }
      if (!allowed.contains(e.getKey())) {
        throw new ToolInputException(
            "unknown argument \"" + path + e.getKey() + "\" for " + owner,
            "Use only these arguments: " + (allowed.isEmpty() ? "(none)" : String.join(", ", allowed)) + ".");
      }
      if (e.getValue() != null) {
        values.put(e.getKey(), e.getValue());
      }
    }
    return new Arguments(path, values);
  }

  /**
   * Reads an object inside the arguments (an element of an array of objects) and rejects names it
   * does not take.
   *
   * @param where the object's path, e.g. {@code initial_criteria[2]}
   * @param value the value found there
   * @param allowed the names the object takes
   * @return the object's fields as arguments
   * @throws ToolInputException if the value is not an object or has an unknown field
   */
  @SuppressWarnings("unchecked")
  public static Arguments nested(String where, Object value, Collection<String> allowed) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new ToolInputException(
          where + " must be an object but was " + typeOf(value), "Give an object such as {\"name\": \"...\"}.");
    }
    return check(where + ".", where, (Map<String, Object>) map, allowed);
  }

  /** Returns whether any of the names is present (and not {@code null}). */
  public boolean has(String name, String... aliases) {
    return find(name, aliases) != null;
  }

  /**
   * Returns a text argument that must be present and not blank.
   *
   * @param name the argument's name
   * @param aliases other names it may come under
   * @return the text, stripped
   * @throws ToolInputException if it is missing, blank or not a text
   */
  public String requiredText(String name, String... aliases) {
    String value = text(name, aliases);
    if (value == null) {
      throw new ToolInputException("argument \"" + path + name + "\" is required", "Pass " + path + name + " as a non-empty text.");
    }
    if (value.isBlank()) {
      throw new ToolInputException("argument \"" + path + name + "\" must not be blank", "Pass " + path + name + " as a non-empty text.");
    }
    return value.strip();
  }

  /**
   * Returns an optional text argument as given (blank stays blank).
   *
   * @param name the argument's name
   * @param aliases other names it may come under
   * @return the text, or {@code null} if absent
   * @throws ToolInputException if it is not a text
   */
  public @Nullable String text(String name, String... aliases) {
    Found found = find(name, aliases);
    if (found == null) {
      return null;
    }
    if (found.value instanceof String s) {
      return s;
    }
    throw new ToolInputException(
        "argument \"" + path + found.name + "\" must be a text but was " + typeOf(found.value),
        "Pass " + path + found.name + " as a JSON string.");
  }

  /**
   * Returns an optional yes/no argument: a JSON boolean, or the text {@code "true"} or {@code "false"}.
   *
   * @param name the argument's name
   * @return the value, {@code false} if absent
   * @throws ToolInputException if it is neither
   */
  public boolean flag(String name) {
    Found found = find(name);
    if (found == null) {
      return false;
    }
    if (found.value instanceof Boolean b) {
      return b;
    }
    if (found.value instanceof String s && (s.strip().equalsIgnoreCase("true") || s.strip().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s.strip());
    }
    throw new ToolInputException(
        "argument \"" + path + found.name + "\" must be true or false but was " + typeOf(found.value),
        "Pass " + path + found.name + " as a JSON boolean.");
  }

  /**
   * Returns an optional number within a range.
   *
   * @param name the argument's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param aliases other names it may come under
   * @return the number, or {@code null} if absent
   * @throws ToolInputException if it is not a number or out of range
   */
  public @Nullable Double number(String name, double min, double max, String... aliases) {
    Found found = find(name, aliases);
    if (found == null) {
      return null;
    }
    double d;
    if (found.value instanceof Number n) {
      d = n.doubleValue();
    } else if (found.value instanceof String s && !s.isBlank()) {
      try {
        d = Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new ToolInputException(
            "argument \"" + path + found.name + "\" must be a number but was the text \"" + shorten(s) + "\"",
            "Pass a number between " + format(min) + " and " + format(max) + ".");
      }
    } else {
      throw new ToolInputException(
          "argument \"" + path + found.name + "\" must be a number but was " + typeOf(found.value),
          "Pass a number between " + format(min) + " and " + format(max) + ".");
    }
    if (!Double.isFinite(d) || d < min || d > max) {
      throw new ToolInputException(
          "argument \"" + path + found.name + "\" is " + format(d) + " but must be between " + format(min) + " and " + format(max),
          "Pass a number between " + format(min) + " and " + format(max) + ".");
    }
    return d;
  }

  /**
   * Returns a number that must be present, within a range.
   *
   * @throws ToolInputException if it is missing, not a number or out of range
   */
  public double requiredNumber(String name, double min, double max, String... aliases) {
    Double d = number(name, min, max, aliases);
    if (d == null) {
      throw new ToolInputException(
          "argument \"" + path + name + "\" is required", "Pass a number between " + format(min) + " and " + format(max) + ".");
    }
    return d;
  }

  /**
   * Returns an optional array. A JSON text holding an array is accepted too (some hosts send one).
   *
   * @param name the argument's name
   * @return the elements, or {@code null} if absent
   * @throws ToolInputException if it is not an array
   */
  public @Nullable List<Object> list(String name) {
    Found found = find(name);
    if (found == null) {
      return null;
    }
    Object v = found.value;
    if (v instanceof String s && s.strip().startsWith("[")) {
      try {
        v = JSON.readValue(s, List.class);
      } catch (JsonProcessingException e) {
        throw new ToolInputException(
            "argument \"" + path + name + "\" is a text that is not a valid JSON array", "Pass " + path + name + " as a JSON array.");
      }
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      out.addAll(list);
      return out;
    }
    throw new ToolInputException(
        "argument \"" + path + name + "\" must be an array but was " + typeOf(v), "Pass " + path + name + " as a JSON array.");
  }

  /**
   * Returns an argument's raw JSON value.
   *
   * @param name the argument's name
   * @return the value, or {@code null} if absent
   */
  public @Nullable Object raw(String name) {
    return values.get(name);
  }

  /** Returns the path prefix of these arguments ({@code ""} at the top level). */
  public String path() {
    return path;
  }

  private @Nullable Found find(String name, String... aliases) {
    Found found = values.containsKey(name) ? new Found(name, values.get(name)) : null;
    for (String alias : aliases) {
      if (values.containsKey(alias)) {
        Object v = values.get(alias);
        if (found != null && !Objects.equals(found.value, v)) {
          throw new ToolInputException(
              "arguments \"" + path + found.name + "\" and \"" + path + alias + "\" mean the same but differ",
              "Pass only one of them.");
        }
        if (found == null) {
          found = new Found(alias, v);
        }
      }
    }
    return found;
  }

  /**
   * Describes a JSON value's type for messages: "a text", "a number", "an array", ...
   *
   * @param value the value
   * @return the description
   */
  public static String typeOf(@Nullable Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "a text";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case List<?> l -> "an array";
      case Map<?, ?> m -> "an object";
      default -> "a " + value.getClass().getSimpleName();
    };
  }

  static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 60 ? one : one.substring(0, 59) + "\u2026";
  }

  private record Found(String name, Object value) {}
}
