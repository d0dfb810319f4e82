package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.SimMessage;
import dev.decisionmatrix.testkit.SimRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/** Reading helpers shared by the wire formats; each throws a 400 for a malformed field. */
final class WireReading {

  private WireReading() {}

  static String requiredString(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw WireException.invalid(field + ": field required");
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw WireException.invalid(field + ": must be a non-empty string");
    }
    return v.asText();
  }

  static JsonNode requiredArray(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw WireException.invalid(field + ": field required");
    }
    if (!v.isArray() || v.isEmpty()) {
      throw WireException.invalid(field + ": must be a non-empty array");
    }
    return v;
  }

  static @Nullable Double optionalNumber(JsonNode body, String field, double min, double max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw WireException.invalid(field + ": must be a number");
    }
    double d = v.asDouble();
    if (d < min || d > max) {
      throw WireException.invalid(
          field + ": must be between " + min + " and " + max + ", got " + v.asText());
    }
    return d;
  }

  static @Nullable Integer optionalPositiveInt(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      throw WireException.invalid(field + ": must be a positive integer, got " + v);
    }
    return v.asInt();
  }

  static boolean flag(JsonNode body, String field, boolean absent) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw WireException.invalid(field + ": must be a boolean");
    }
    return v.asBoolean();
  }

  /**
   * Reads message content: a string, or an array of blocks whose text ({@code {"type":"text",
   * "text":...}} or Bedrock's {@code {"text":...}}) is joined with newlines; other blocks are
   * skipped.
   */
  static String text(@Nullable JsonNode content, String field) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      throw WireException.invalid(field + ": must be a string or an array of content blocks");
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode block : content) {
      if (!block.isObject()) {
        throw WireException.invalid(field + ": content blocks must be objects");
      }
      JsonNode text = block.get("text");
      JsonNode type = block.get("type");
      boolean textBlock = type == null || "text".equals(type.asText());
      if (textBlock && text != null && text.isTextual()) {
        parts.add(text.asText());
      }
    }
    return String.join("\n", parts);
  }

  /** Reads one message of a request's {@code messages} array. */
  @FunctionalInterface
  interface MessageReader {

    /** Reads a message whose role is checked; {@code content} is its content field, or null. */
    void read(String field, String role, @Nullable JsonNode content);
  }

  /**
   * Reads the required, non-empty {@code messages} array in order: checks that each message is an
   * object with one of the allowed roles, then hands it to the reader with its field name (e.g.
   * {@code messages[0]} or {@code messages.0}, as the provider names it in errors).
   */
  static void messages(
      JsonNode body, IntFunction<String> fieldName, List<String> roles, MessageReader reader) {
    JsonNode array = requiredArray(body, "messages");
    for (int i = 0; i < array.size(); i++) {
      JsonNode message = array.get(i);
      String field = fieldName.apply(i);
      reader.read(field, role(message, field, roles), message.get("content"));
    }
  }

  static String role(JsonNode message, String field, List<String> allowed) {
    if (!message.isObject()) {
      throw WireException.invalid(field + ": must be an object");
    }
    JsonNode role = message.get("role");
    if (role == null || !role.isTextual()) {
      throw WireException.invalid(field + ".role: field required");
    }
    if (!allowed.contains(role.asText())) {
      throw WireException.invalid(
          field + ".role: unexpected role \"" + role.asText() + "\", expected one of " + allowed);
    }
    return role.asText();
  }

  static SimRequest request(
      Protocol protocol,
      String model,
      String system,
      List<SimMessage> messages,
      @Nullable Double temperature,
      @Nullable Integer maxTokens,
      boolean json,
      long sequence) {
    return new SimRequest(
        protocol,
        model,
        system,
        messages,
        temperature,
        maxTokens,
        json,
        CellJudge.option(messages),
        CellJudge.criterion(messages),
        sequence);
  }
}
