package dev.decisionmatrix.backends.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.HttpErrorMapper;
import dev.decisionmatrix.backends.internal.HttpReply;
import dev.decisionmatrix.backends.internal.HttpTransport;
import dev.decisionmatrix.backends.internal.Json;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.ResponseSchema;
import dev.decisionmatrix.llm.TokenUsage;
import org.jspecify.annotations.Nullable;

/** The chat completions wire format: request bodies and answers. */
final class ChatCompletionsWire {

  private ChatCompletionsWire() {}

  static byte[] body(ChatRequest request, String model, Dialect dialect, HttpTransport transport) {
    ObjectNode body = Json.object();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role() == ChatMessage.Role.USER ? "user" : "assistant").put("content", message.content());
    }
    if (request.temperature() != null && dialect.temperature()) {
      body.put("temperature", request.temperature());
    }
    body.put(dialect.maxCompletionTokens() ? "max_completion_tokens" : "max_tokens", request.maxTokens());
    ResponseSchema schema = request.responseSchema();
    if (schema != null) {
      switch (dialect.mode()) {
        case JSON_SCHEMA -> {
          ObjectNode format = body.putObject("response_format");
          format.put("type", "json_schema");
          ObjectNode jsonSchema = format.putObject("json_schema");
          jsonSchema.put("name", schema.name());
          jsonSchema.set("schema", transport.schemaTree(schema, model));
          jsonSchema.put("strict", true);
        }
        case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
        case NONE -> {
          // the prompt carries the JSON contract
        }
      }
    }
    return Json.bytes(body);
  }

  static ChatResponse parse(HttpReply reply, String model, HttpTransport transport) {
    JsonNode root = transport.parseBody(reply, model);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      // Some gateways (OpenRouter, LiteLLM) report an upstream failure as 200 with an error object.
      JsonNode error = root.get("error");
      String detail = error == null ? "" : ": " + transport.redactor().redact(HttpErrorMapper.providerMessage(Json.bytes(root)));
      throw transport.failure(
          LlmErrorKind.TRANSIENT, "HTTP " + reply.status() + " from " + BaseUrl.display(reply.uri()) + " carried no choices" + detail, model, null);
    }
    JsonNode message = choices.get(0).path("message");
    String text = text(message.get("content"));
    if (text == null) {
      // A refusal or an answer cut off before any text: hand it over as it is; the judge re-asks.
      String refusal = Json.textOrNull(message, "refusal");
      text = refusal != null ? refusal : "";
    }
    JsonNode usage = root.get("usage");
    TokenUsage tokens = new TokenUsage(Json.count(usage, "prompt_tokens"), Json.count(usage, "completion_tokens"));
    String answeredBy = Json.textOrNull(root, "model");
    return new ChatResponse(text, tokens, answeredBy != null ? answeredBy : model);
  }

  private static @Nullable String text(@Nullable JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder b = new StringBuilder();
      for (JsonNode part : content) {
        String t = part.isTextual() ? part.asText() : Json.textOrNull(part, "text");
        if (t != null) {
          b.append(t);
        }
      }
      return b.toString();
    }
    return content.toString();
  }
}
