package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RecordedHeaders;
import dev.decisionmatrix.testkit.SimMessage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Ollama's native chat API. Ollama has no authentication. */
final class OllamaWire implements Wire {

  private static final List<String> ROLES = List.of("system", "user", "assistant", "tool");
  private static final String NDJSON = "application/x-ndjson";

  @Override
  public Protocol protocol() {
    return Protocol.OLLAMA;
  }

  @Override
  public @Nullable Reply checkHeaders(RecordedHeaders headers, @Nullable String apiKey) {
    return null;
  }

  @Override
  public Call parse(ObjectNode body, @Nullable String pathModel, long sequence) {
    String model = WireReading.requiredString(body, "model");
    List<String> system = new ArrayList<>();
    List<SimMessage> messages = new ArrayList<>();
    WireReading.messages(body, i -> "messages[" + i + "]", ROLES, (field, role, content) -> {
      if (content != null && !content.isNull() && !content.isTextual()) {
        throw WireException.invalid(field + ".content: must be a string");
      }
      String text = content == null ? "" : content.asText("");
      switch (role) {
        case "system" -> system.add(text);
        case "tool" -> messages.add(new SimMessage("user", text));
        default -> messages.add(new SimMessage(role, text));
      }
    });
    JsonNode format = body.get("format");
    boolean json = false;
    if (format != null && !format.isNull()) {
      if (format.isObject() || (format.isTextual() && format.asText().equals("json"))) {
        json = true;
      } else if (!(format.isTextual() && format.asText().isEmpty())) {
        throw WireException.invalid("invalid format: expected \"json\" or a JSON schema");
      }
    }
    Double temperature = null;
    Integer maxTokens = null;
    JsonNode options = body.get("options");
    if (options != null && options.isObject()) {
      temperature = WireReading.optionalNumber(options, "temperature", 0, 100);
      JsonNode n = options.get("num_predict");
      if (n != null && n.isIntegralNumber() && n.canConvertToInt() && n.asInt() > 0) {
        maxTokens = n.asInt();
      }
    }
    boolean stream = WireReading.flag(body, "stream", true);
    return new Call(
        WireReading.request(
            Protocol.OLLAMA,
            model,
            String.join("\n", system),
            messages,
            temperature,
            maxTokens,
            json,
            sequence),
        null,
        stream);
  }

  @Override
  public Reply success(Call call, Completion completion) {
    String model = call.request().model();
    String createdAt = Instant.now().toString();
    long totalNanos = TimeUnit.MILLISECONDS.toNanos(completion.elapsedMillis());
    ObjectNode last = Json.object();
    last.put("model", model);
    last.put("created_at", createdAt);
    ObjectNode message = last.putObject("message");
    message.put("role", "assistant");
    message.put("content", call.stream() ? "" : completion.text());
    last.put("done", true);
    last.put("done_reason", completion.truncated() ? "length" : "stop");
    last.put("total_duration", totalNanos);
    last.put("load_duration", 0);
    last.put("prompt_eval_count", completion.inputTokens());
    last.put("prompt_eval_duration", totalNanos / 4);
    last.put("eval_count", completion.outputTokens());
    last.put("eval_duration", totalNanos - totalNanos / 4);
    if (!call.stream()) {
      return Reply.json(200, Json.bytes(last));
    }
    // Ollama streams by default: one NDJSON line with the text, then the closing line with counts.
    ObjectNode chunk = Json.object();
    chunk.put("model", model);
    chunk.put("created_at", createdAt);
    ObjectNode chunkMessage = chunk.putObject("message");
    chunkMessage.put("role", "assistant");
    chunkMessage.put("content", completion.text());
    chunk.put("done", false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Json.bytes(chunk));
    out.write('\n');
    out.writeBytes(Json.bytes(last));
    out.write('\n');
    return new Reply(200, NDJSON, Map.of(), out.toByteArray());
  }

  @Override
  public Reply error(int status, String message) {
    ObjectNode root = Json.object();
    root.put("error", message);
    return Reply.json(status, Json.bytes(root));
  }

  @Override
  public Reply models(List<String> models) {
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("models");
    for (String name : models) {
      ObjectNode m = list.addObject();
      m.put("name", name);
      m.put("model", name);
      m.put("modified_at", "2025-01-01T00:00:00Z");
      m.put("size", 0);
      m.put("digest", HexFormat.of().formatHex(Hashing.sha256(name)));
      ObjectNode details = m.putObject("details");
      details.put("format", "gguf");
      details.put("family", "simulator");
      details.put("parameter_size", "0B");
      details.put("quantization_level", "none");
    }
    return Reply.json(200, Json.bytes(root));
  }
}
