package dev.decisionmatrix.report;

import dev.decisionmatrix.model.InvalidDecisionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from plain JSON data (maps, lists, strings, numbers, booleans and nulls as Jackson
 * produces them), with errors that name the path of the bad field, e.g. {@code cells[3].score}.
 */
final class JsonFields {

  private final Map<?, ?> map;
  private final String path;

  private JsonFields(Map<?, ?> map, String path) {
    this.map = map;
    this.path = path;
  }

  /** Wraps a value that must be a JSON object. */
  static JsonFields of(@Nullable Object value, String path) {
    if (value instanceof Map<?, ?> m) {
      return new JsonFields(m, path);
    }
    throw new InvalidDecisionException(path, kind(value), "must be a JSON object");
  }

  /** Returns the path of this object, e.g. {@code cells[3]}. */
  String where() {
    return path.isEmpty() ? "(top level)" : path;
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  boolean has(String field) {
    return map.get(field) != null;
  }

  @Nullable Object raw(String field) {
    return map.get(field);
  }

  String string(String field) {
    Object v = map.get(field);
    if (v instanceof String s) {
      return s;
    }
    throw new InvalidDecisionException(path(field), kind(v), "must be a string");
  }

  String string(String field, String fallback) {
    return map.get(field) == null ? fallback : string(field);
  }

  @Nullable String nullableString(String field) {
    return map.get(field) == null ? null : string(field);
  }

  double number(String field) {
    Object v = map.get(field);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new InvalidDecisionException(path(field), kind(v), "must be a number");
  }

  double number(String field, double fallback) {
    return map.get(field) == null ? fallback : number(field);
  }

  @Nullable Double nullableNumber(String field) {
    return map.get(field) == null ? null : number(field);
  }

  long integer(String field, long fallback) {
    Object v = map.get(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if ((v instanceof Double || v instanceof Float || v instanceof BigDecimal)
        && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
        && Math.abs(((Number) v).doubleValue()) < 0x1p53) {
      return ((Number) v).longValue();
    }
    throw new InvalidDecisionException(path(field), kind(v), "must be a whole number");
  }

  int smallInteger(String field, int fallback) {
    long v = integer(field, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new InvalidDecisionException(path(field), v, "must fit in 32 bits");
    }
    return (int) v;
  }

  boolean bool(String field, boolean fallback) {
    Object v = map.get(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new InvalidDecisionException(path(field), kind(v), "must be true or false");
  }

  List<?> list(String field) {
    Object v = map.get(field);
    if (v instanceof List<?> l) {
      return l;
    }
    throw new InvalidDecisionException(path(field), kind(v), "must be a JSON array");
  }

  List<?> list(String field, List<?> fallback) {
    return map.get(field) == null ? fallback : list(field);
  }

  JsonFields object(String field) {
    return of(map.get(field), path(field));
  }

  /** Describes a value for an error message without echoing large content. */
  private static @Nullable Object kind(@Nullable Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value instanceof Map<?, ?> ? "an object" : value instanceof List<?> ? "an array" : value.getClass().getSimpleName();
  }
}
