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

/** OpenAI chat completions. */
final class OpenAiWire implements Wire {

  private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");

  @Override
  public Protocol protocol() {
    return Protocol.OPENAI;
  }

  @Override
  public @Nullable Reply checkHeaders(RecordedHeaders headers, @Nullable String apiKey) {
    if (apiKey == null) {
      return null;
    }
    String auth = headers.first("authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return error(
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization"
              + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    if (!auth.substring(7).trim().equals(apiKey)) {
      return error(401, "Incorrect API key provided.");
    }
    return null;
  }

  @Override
  public Call parse(ObjectNode body, @Nullable String pathModel, long sequence) {
    String model = WireReading.requiredString(body, "model");
    List<String> system = new ArrayList<>();
    List<SimMessage> messages = new ArrayList<>();
    WireReading.messages(body, i -> "messages[" + i + "]", ROLES, (field, role, content) -> {
      String text = WireReading.text(content, field + ".content");
      switch (role) {
        case "system", "developer" -> system.add(text);
        case "user", "assistant" -> messages.add(new SimMessage(role, text));
        default -> {
          // Tool results are not judged; they only count as input.
          messages.add(new SimMessage("user", text));
        }
      }
    });
    Double temperature = WireReading.optionalNumber(body, "temperature", 0, 2);
    Integer maxTokens = WireReading.optionalPositiveInt(body, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = WireReading.optionalPositiveInt(body, "max_tokens");
    }
    if (WireReading.flag(body, "stream", false)) {
      throw WireException.invalid("stream: streaming is not supported by the simulator");
    }
    boolean json = responseFormat(body.get("response_format"));
    String tool = forcedTool(body);
    return new Call(
        WireReading.request(
            Protocol.OPENAI,
            model,
            String.join("\n", system),
            messages,
            temperature,
            maxTokens,
            json || tool != null,
            sequence),
        tool,
        false);
  }

  private static boolean responseFormat(@Nullable JsonNode format) {
    if (format == null || format.isNull()) {
      return false;
    }
    String type = format.isObject() ? Json.string(format, "type") : null;
    if (type == null) {
      throw WireException.invalid("response_format.type: field required");
    }
    switch (type) {
      case "text":
        return false;
      case "json_object":
        return true;
      case "json_schema":
        JsonNode schema = format.get("json_schema");
        if (schema == null || !schema.isObject() || Json.string(schema, "name") == null) {
          throw WireException.invalid("response_format.json_schema.name: field required");
        }
        JsonNode s = schema.get("schema");
        if (s != null && !s.isObject()) {
          throw WireException.invalid("response_format.json_schema.schema: must be an object");
        }
        return true;
      default:
        throw WireException.invalid(
            "response_format.type: must be text, json_object or json_schema, got '" + type + "'");
    }
  }

  private static @Nullable String forcedTool(JsonNode body) {
    JsonNode choice = body.get("tool_choice");
    if (choice == null || !choice.isObject()) {
      return null;
    }
    JsonNode function = choice.get("function");
    return function != null && function.isObject() ? Json.string(function, "name") : null;
  }

  @Override
  public Reply success(Call call, Completion completion) {
    ObjectNode root = Json.object();
    root.put("id", "chatcmpl-sim-" + call.request().sequence());
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", call.request().model());
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    ObjectNode toolInput = call.toolInput(completion);
    String finish;
    if (toolInput != null) {
      message.putNull("content");
      ArrayNode calls = message.putArray("tool_calls");
      ObjectNode tc = calls.addObject();
      tc.put("id", "call_sim_" + call.request().sequence());
      tc.put("type", "function");
      ObjectNode fn = tc.putObject("function");
      fn.put("name", call.forcedTool());
      fn.put("arguments", completion.text());
      finish = "tool_calls";
    } else {
      message.put("content", completion.text());
      finish = completion.truncated() ? "length" : "stop";
    }
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", finish);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", completion.inputTokens());
    usage.put("completion_tokens", completion.outputTokens());
    usage.put("total_tokens", completion.inputTokens() + completion.outputTokens());
    root.put("system_fingerprint", "fp_llm_simulator");
    return new Reply(
        200,
        Reply.JSON,
        Map.of(
            "x-request-id", "req_sim_" + call.request().sequence(),
            "openai-processing-ms", Long.toString(completion.elapsedMillis())),
        Json.bytes(root));
  }

  @Override
  public Reply error(int status, String message) {
    String type;
    String code;
    switch (status) {
      case 401 -> {
        type = "invalid_request_error";
        code = "invalid_api_key";
      }
      case 404 -> {
        type = "invalid_request_error";
        code = "model_not_found";
      }
      case 429 -> {
        type = "requests";
        code = "rate_limit_exceeded";
      }
      default -> {
        type = status >= 500 ? "server_error" : "invalid_request_error";
        code = null;
      }
    }
    ObjectNode root = Json.object();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return Reply.json(status, Json.bytes(root));
  }

  @Override
  public Reply models(List<String> models) {
    ObjectNode root = Json.object();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (String id : models) {
      ObjectNode m = data.addObject();
      m.put("id", id);
      m.put("object", "model");
      m.put("created", 0);
      m.put("owned_by", "llm-simulator");
    }
    return Reply.json(200, Json.bytes(root));
  }
}
