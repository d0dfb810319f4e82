package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RecordedHeaders;
import dev.decisionmatrix.testkit.SimMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Anthropic Messages. */
final class AnthropicWire implements Wire {

  private static final List<String> ROLES = List.of("user", "assistant");

  @Override
  public Protocol protocol() {
    return Protocol.ANTHROPIC;
  }

  @Override
  public @Nullable Reply checkHeaders(RecordedHeaders headers, @Nullable String apiKey) {
    if (apiKey != null) {
      String key = headers.first("x-api-key");
      if (key == null) {
        return error(401, "x-api-key header is required");
      }
      if (!key.equals(apiKey)) {
        return error(401, "invalid x-api-key");
      }
    }
    if (!headers.contains("anthropic-version")) {
      return error(400, "anthropic-version: header is required");
    }
    return null;
  }

  @Override
  public Call parse(ObjectNode body, @Nullable String pathModel, long sequence) {
    String model = WireReading.requiredString(body, "model");
    Integer maxTokens = WireReading.optionalPositiveInt(body, "max_tokens");
    if (maxTokens == null) {
      throw WireException.invalid("max_tokens: field required");
    }
    List<SimMessage> messages = new ArrayList<>();
    WireReading.messages(body, i -> "messages." + i, ROLES, (field, role, content) -> {
      if (content == null || content.isNull()) {
        throw WireException.invalid(field + ".content: field required");
      }
      messages.add(new SimMessage(role, WireReading.text(content, field + ".content")));
    });
    String system = WireReading.text(body.get("system"), "system");
    Double temperature = WireReading.optionalNumber(body, "temperature", 0, 1);
    if (WireReading.flag(body, "stream", false)) {
      throw WireException.invalid("stream: streaming is not supported by the simulator");
    }
    JsonNode outputConfig = body.get("output_config");
    boolean json =
        isObject(body.get("output_format"))
            || (outputConfig != null && isObject(outputConfig.get("format")));
    String tool = forcedTool(body);
    return new Call(
        WireReading.request(
            Protocol.ANTHROPIC,
            model,
            system,
            messages,
            temperature,
            maxTokens,
            json || tool != null,
            sequence),
        tool,
        false);
  }

  private static boolean isObject(@Nullable JsonNode node) {
    return node != null && node.isObject();
  }

  private static @Nullable String forcedTool(JsonNode body) {
    JsonNode choice = body.get("tool_choice");
    if (choice == null || !choice.isObject()) {
      return null;
    }
    String type = Json.string(choice, "type");
    if ("tool".equals(type)) {
      return Json.string(choice, "name");
    }
    JsonNode tools = body.get("tools");
    if ("any".equals(type) && tools != null && tools.isArray() && tools.size() == 1) {
      return Json.string(tools.get(0), "name");
    }
    return null;
  }

  @Override
  public Reply success(Call call, Completion completion) {
    ObjectNode root = Json.object();
    root.put("id", "msg_sim_" + call.request().sequence());
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", call.request().model());
    ArrayNode content = root.putArray("content");
    ObjectNode toolInput = call.toolInput(completion);
    String stop;
    if (toolInput != null) {
      ObjectNode block = content.addObject();
      block.put("type", "tool_use");
      block.put("id", "toolu_sim_" + call.request().sequence());
      block.put("name", call.forcedTool());
      block.set("input", toolInput);
      stop = "tool_use";
    } else {
      ObjectNode block = content.addObject();
      block.put("type", "text");
      block.put("text", completion.text());
      stop = completion.truncated() ? "max_tokens" : "end_turn";
    }
    root.put("stop_reason", stop);
    root.putNull("stop_sequence");
    ObjectNode usage = root.putObject("usage");
    usage.put("input_tokens", completion.inputTokens());
    usage.put("cache_creation_input_tokens", 0);
    usage.put("cache_read_input_tokens", 0);
    usage.put("output_tokens", completion.outputTokens());
    return new Reply(
        200,
        Reply.JSON,
        Map.of("request-id", "req_sim_" + call.request().sequence()),
        Json.bytes(root));
  }

  @Override
  public Reply error(int status, String message) {
    String type =
        switch (status) {
          case 400 -> "invalid_request_error";
          case 401 -> "authentication_error";
          case 403 -> "permission_error";
          case 404 -> "not_found_error";
          case 413 -> "request_too_large";
          case 429 -> "rate_limit_error";
          case 529 -> "overloaded_error";
          default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    ObjectNode root = Json.object();
    root.put("type", "error");
    ObjectNode error = root.putObject("error");
    error.put("type", type);
    error.put("message", message);
    return Reply.json(status, Json.bytes(root));
  }

  @Override
  public Reply models(List<String> models) {
    ObjectNode root = Json.object();
    ArrayNode data = root.putArray("data");
    for (String id : models) {
      ObjectNode m = data.addObject();
      m.put("type", "model");
      m.put("id", id);
      m.put("display_name", id);
      m.put("created_at", "2025-01-01T00:00:00Z");
    }
    root.put("has_more", false);
    if (models.isEmpty()) {
      root.putNull("first_id");
      root.putNull("last_id");
    } else {
      root.put("first_id", models.get(0));
      root.put("last_id", models.get(models.size() - 1));
    }
    return Reply.json(200, Json.bytes(root));
  }
}
