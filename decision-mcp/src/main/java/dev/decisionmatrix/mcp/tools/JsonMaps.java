package dev.decisionmatrix.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers for the JSON-shaped maps tools declare and return. */
final class JsonMaps {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonMaps() {}

  /**
   * Parses a JSON object written in the source (schemas).
   *
   * @param json the JSON text
   * @return the object as an ordered map
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  static Map<String, Object> parse(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON in the source: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Returns a finite number as is and anything else (NaN, infinity) as {@code null}: JSON has no NaN.
   *
   * @param value the number
   * @return the number or {@code null}
   */
  static @Nullable Double num(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /**
   * Starts an ordered map.
   *
   * @return a new, empty, ordered map
   */
  static Map<String, Object> map() {
    return new LinkedHashMap<>();
  }

  /**
   * Puts a value unless it is {@code null}.
   *
   * @param map the map
   * @param key the key
   * @param value the value, may be {@code null}
   */
  static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
