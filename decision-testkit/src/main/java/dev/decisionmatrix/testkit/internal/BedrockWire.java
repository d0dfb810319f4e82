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

/**
 * AWS Bedrock Converse (REST-JSON). Signatures are not verified; an {@code Authorization} header
 * must merely be present, as any signed or bearer-token request has one.
 */
final class BedrockWire implements Wire {

  private static final List<String> ROLES = List.of("user", "assistant");

  /** The header AWS SDKs read the error type from. */
  static final String ERROR_TYPE = "x-amzn-ErrorType";

  @Override
  public Protocol protocol() {
    return Protocol.BEDROCK;
  }

  @Override
  public @Nullable String modelOf(@Nullable JsonNode body, @Nullable String pathModel) {
    return pathModel;
  }

  @Override
  public @Nullable Reply checkHeaders(RecordedHeaders headers, @Nullable String apiKey) {
    if (!headers.contains("authorization")) {
      return error(403, "Missing Authentication Token");
    }
    return null;
  }

  @Override
  public Call parse(ObjectNode body, @Nullable String pathModel, long sequence) {
    if (pathModel == null || pathModel.isEmpty()) {
      throw WireException.invalid("The provided model identifier is invalid.");
    }
    List<SimMessage> messages = new ArrayList<>();
    WireReading.messages(body, i -> "messages." + i, ROLES, (field, role, content) -> {
      if (content == null || !content.isArray()) {
        throw WireException.invalid(field + ".content: must be an array of content blocks");
      }
      messages.add(new SimMessage(role, WireReading.text(content, field + ".content")));
    });
    JsonNode systemNode = body.get("system");
    if (systemNode != null && !systemNode.isNull() && !systemNode.isArray()) {
      throw WireException.invalid("system: must be an array of system content blocks");
    }
    String system = WireReading.text(systemNode, "system");
    Double temperature = null;
    Integer maxTokens = null;
    JsonNode config = body.get("inferenceConfig");
    if (config != null && !config.isNull()) {
      if (!config.isObject()) {
        throw WireException.invalid("inferenceConfig: must be an object");
      }
      temperature = WireReading.optionalNumber(config, "temperature", 0, 1);
      maxTokens = WireReading.optionalPositiveInt(config, "maxTokens");
    }
    String tool = forcedTool(body);
    JsonNode outputConfig = body.get("outputConfig");
    boolean json = tool != null || (outputConfig != null && outputConfig.isObject());
    return new Call(
        WireReading.request(
            Protocol.BEDROCK, pathModel, system, messages, temperature, maxTokens, json, sequence),
        tool,
        false);
  }

  private static @Nullable String forcedTool(JsonNode body) {
    JsonNode toolConfig = body.get("toolConfig");
    if (toolConfig == null || !toolConfig.isObject()) {
      return null;
    }
    JsonNode choice = toolConfig.get("toolChoice");
    if (choice == null || !choice.isObject()) {
      return null;
    }
    JsonNode tool = choice.get("tool");
    if (tool != null && tool.isObject()) {
      return Json.string(tool, "name");
    }
    JsonNode tools = toolConfig.get("tools");
    if (choice.has("any") && tools != null && tools.isArray() && tools.size() == 1) {
      JsonNode spec = tools.get(0).get("toolSpec");
      return spec == null ? null : Json.string(spec, "name");
    }
    return null;
  }

  @Override
  public Reply success(Call call, Completion completion) {
    ObjectNode root = Json.object();
    ObjectNode message = root.putObject("output").putObject("message");
    message.put("role", "assistant");
    ArrayNode content = message.putArray("content");
    ObjectNode toolInput = call.toolInput(completion);
    String stop;
    if (toolInput != null) {
      ObjectNode use = content.addObject().putObject("toolUse");
      use.put("toolUseId", "tooluse_sim_" + call.request().sequence());
      use.put("name", call.forcedTool());
      use.set("input", toolInput);
      stop = "tool_use";
    } else {
      content.addObject().put("text", completion.text());
      stop = completion.truncated() ? "max_tokens" : "end_turn";
    }
    root.put("stopReason", stop);
    ObjectNode usage = root.putObject("usage");
    usage.put("inputTokens", completion.inputTokens());
    usage.put("outputTokens", completion.outputTokens());
    usage.put("totalTokens", completion.inputTokens() + completion.outputTokens());
    root.putObject("metrics").put("latencyMs", completion.elapsedMillis());
    return new Reply(
        200,
        Reply.JSON,
        Map.of("x-amzn-RequestId", requestId(call.request().sequence())),
        Json.bytes(root));
  }

  private static String requestId(long sequence) {
    return String.format("00000000-0000-4000-8000-%012x", sequence & 0xffffffffffffL);
  }

  /** Returns the AWS error type for a status. */
  static String errorType(int status) {
    return switch (status) {
      case 400 -> "ValidationException";
      case 401, 403 -> "AccessDeniedException";
      case 404 -> "ResourceNotFoundException";
      case 408 -> "ModelTimeoutException";
      case 424 -> "ModelErrorException";
      case 429 -> "ThrottlingException";
      case 503, 529 -> "ServiceUnavailableException";
      default -> status >= 500 ? "InternalServerException" : "ValidationException";
    };
  }

  @Override
  public Reply error(int status, String message) {
    ObjectNode root = Json.object();
    root.put("message", message);
    return new Reply(status, Reply.JSON, Map.of(ERROR_TYPE, errorType(status)), Json.bytes(root));
  }

  @Override
  public Reply models(List<String> models) {
    // The Bedrock runtime endpoint has no listing; the handler never routes here.
    return error(404, "Unknown operation");
  }
}
