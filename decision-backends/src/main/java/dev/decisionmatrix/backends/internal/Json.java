package dev.decisionmatrix.backends.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The backends' one JSON mapper and the few tree operations the wire formats need. Thread-safe. */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** Returns a new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Parses JSON text.
   *
   * @param text the text
   * @return the tree
   * @throws JsonProcessingException if the text is not JSON
   */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /**
   * Parses JSON bytes.
   *
   * @param bytes UTF-8 JSON
   * @return the tree, or {@code null} if the bytes are empty or not JSON
   */
  public static @Nullable JsonNode parseOrNull(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Serializes a tree.
   *
   * @param node the tree
   * @return UTF-8 JSON
   */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes.
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  /**
   * Serializes a tree as text.
   *
   * @param node the tree
   * @return the JSON text
   */
  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  /** Returns a non-negative long field of a node, or 0 when it is absent or not a number. */
  public static long count(@Nullable JsonNode node, String field) {
    if (node == null) {
      return 0;
    }
    JsonNode value = node.get(field);
    return value != null && value.canConvertToLong() && value.asLong() > 0 ? value.asLong() : 0;
  }

  /** Returns a text field of a node, or {@code null} when it is absent or not text. */
  public static @Nullable String textOrNull(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
