package dev.decisionmatrix.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-RPC 2.0 rules every inbound message must meet before the SDK sees it, with a plain
 * error for each fault: not JSON or nested too deep (-32700 / -32600), a batch (MCP has none since
 * 2025-06-18), {@code "jsonrpc"} other than {@code "2.0"}, a bad id or method (-32600), and params
 * of the wrong shape for the standard MCP methods (-32602). The SDK would answer some of these with
 * -32603 and the names of its classes, and drop others in silence. Stateless and thread-safe.
 */
final class ProtocolCheck {

  /** Deepest nesting of arrays and objects accepted in one message. */
  static final int MAX_NESTING_DEPTH = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .build());

  /** For each standard request method: the params fields it needs, and their JSON types. */
  private static final Map<String, Map<String, String>> REQUIRED = Map.of(
      McpSchema.METHOD_INITIALIZE, Map.of("protocolVersion", "string", "capabilities", "object", "clientInfo", "object"),
      McpSchema.METHOD_TOOLS_CALL, Map.of("name", "string"),
      McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "string"),
      McpSchema.METHOD_PROMPT_GET, Map.of("name", "string"),
      McpSchema.METHOD_COMPLETION_COMPLETE, Map.of("ref", "object", "argument", "object"),
      McpSchema.METHOD_LOGGING_SET_LEVEL, Map.of("level", "string"));

  /** Optional params fields of the standard methods that must have a type when present. */
  private static final Map<String, Map<String, String>> OPTIONAL = Map.of(
      McpSchema.METHOD_TOOLS_CALL, Map.of("arguments", "object"),
      McpSchema.METHOD_PROMPT_GET, Map.of("arguments", "object"),
      McpSchema.METHOD_TOOLS_LIST, Map.of("cursor", "string"),
      McpSchema.METHOD_RESOURCES_LIST, Map.of("cursor", "string"),
      McpSchema.METHOD_PROMPT_LIST, Map.of("cursor", "string"));

  private ProtocolCheck() {}

  /**
   * A message that breaks the rules.
   *
   * @param code the JSON-RPC error code
   * @param message a plain message naming what is wrong and how to fix it
   * @param id the request's id, or {@code null} when it is unknown
   * @param answer whether the fault gets an answer (not for notifications or stray responses)
   */
  record Fault(int code, String message, @Nullable JsonNode id, boolean answer) {

    /** Returns the JSON-RPC error response for this fault. */
    String reply() {
      ObjectNode reply = JsonNodeFactory.instance.objectNode();
      reply.put("jsonrpc", "2.0");
      reply.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
      ObjectNode error = reply.putObject("error");
      error.put("code", code);
      error.put("message", message);
      return reply.toString();
    }
  }

  /**
   * The outcome of a check: the message as a JSON object, or the fault.
   *
   * @param message the parsed message, or {@code null} with a fault
   * @param fault what is wrong, or {@code null}
   */
  record Outcome(@Nullable ObjectNode message, @Nullable Fault fault) {}

  /**
   * Parses and checks one message.
   *
   * @param text the message
   * @return the message or its fault
   */
  static Outcome check(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (StreamConstraintsException e) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST,
          "Invalid request: the message is nested deeper than " + MAX_NESTING_DEPTH + " levels; flatten it", null, true);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      return fault(McpSchema.ErrorCodes.PARSE_ERROR,
          "Parse error: the message is not valid JSON" + where + "; send one JSON-RPC 2.0 object (NaN and Infinity are not JSON)", null, true);
    }
    if (node == null || node.isMissingNode()) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: the message is empty; send one JSON-RPC 2.0 object", null, true);
    }
    if (node.isArray()) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST,
          "Invalid request: JSON-RPC batches are not supported (MCP removed them); send each message on its own", null, true);
    }
    if (!node.isObject()) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: expected a JSON-RPC 2.0 object, got " + a(kind(node)), null, true);
    }
    ObjectNode message = (ObjectNode) node;
    JsonNode id = message.get("id");
    boolean idValid = id != null && (id.isTextual() || id.isIntegralNumber());
    JsonNode method = message.get("method");
    boolean request = method != null && id != null;
    boolean answer = request || (method == null && id != null && !message.has("result") && !message.has("error"));
    @Nullable JsonNode replyId = idValid ? id : null;
    if (!"2.0".equals(message.path("jsonrpc").isTextual() ? message.get("jsonrpc").asText() : null)) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: \"jsonrpc\" must be \"2.0\"", replyId, request);
    }
    if (id != null && !idValid && !(id.isNull() && method == null)) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: \"id\" must be a string or an integer", null, method != null);
    }
    if (method == null) {
      if (!message.has("result") && !message.has("error")) {
        return fault(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: \"method\" is missing", replyId, answer && idValid);
      }
      return new Outcome(message, null);
    }
    if (!method.isTextual() || method.asText().isBlank()) {
      return fault(McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: \"method\" must be a non-empty string", replyId, request);
    }
    JsonNode params = message.get("params");
    if (params != null && !params.isObject()) {
      return fault(McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: \"params\" must be a JSON object, got " + a(kind(params)), replyId, request);
    }
    String name = method.asText();
    Fault shape = shape(name, params, replyId, request);
    return shape == null ? new Outcome(message, null) : new Outcome(null, shape);
  }

  private static @Nullable Fault shape(String method, @Nullable JsonNode params, @Nullable JsonNode id, boolean request) {
    JsonNode meta = params == null ? null : params.get("_meta");
    if (meta != null && !meta.isNull() && !meta.isObject()) {
      return new Fault(McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params of " + method + ": \"_meta\" must be a JSON object", id, request);
    }
    for (Map.Entry<String, String> field : REQUIRED.getOrDefault(method, Map.of()).entrySet()) {
      JsonNode value = params == null ? null : params.get(field.getKey());
      if (value == null || value.isNull()) {
        return new Fault(McpSchema.ErrorCodes.INVALID_PARAMS,
            "Invalid params of " + method + ": \"" + field.getKey() + "\" (" + a(field.getValue()) + ") is required", id, request);
      }
      if (!kind(value).equals(field.getValue())) {
        return new Fault(McpSchema.ErrorCodes.INVALID_PARAMS,
            "Invalid params of " + method + ": \"" + field.getKey() + "\" must be " + a(field.getValue()) + ", got " + a(kind(value)), id, request);
      }
    }
    for (Map.Entry<String, String> field : OPTIONAL.getOrDefault(method, Map.of()).entrySet()) {
      JsonNode value = params == null ? null : params.get(field.getKey());
      if (value != null && !value.isNull() && !kind(value).equals(field.getValue())) {
        return new Fault(McpSchema.ErrorCodes.INVALID_PARAMS,
            "Invalid params of " + method + ": \"" + field.getKey() + "\" must be " + a(field.getValue()) + ", got " + a(kind(value)), id, request);
      }
    }
    return null;
  }

  private static Outcome fault(int code, String message, @Nullable JsonNode id, boolean answer) {
    return new Outcome(null, new Fault(code, message, id, answer));
  }

  private static String a(String kind) {
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  /** The JSON type of a value, as a schema names it. */
  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case STRING, BINARY -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case MISSING -> "nothing";
    };
  }
}
