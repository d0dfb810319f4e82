package dev.decisionmatrix.backends.bedrock;

import dev.decisionmatrix.backends.StructuredOutput;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ResponseSchema;
import dev.decisionmatrix.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The Converse request and answer, in the SDK's model types. */
final class ConverseWire {

  private ConverseWire() {}

  static ConverseRequest request(ChatRequest request, String m, StructuredOutput mode) {
    ConverseRequest.Builder converse = ConverseRequest.builder().modelId(m).messages(messages(request));
    if (!request.system().isEmpty()) {
      converse.system(SystemContentBlock.fromText(request.system()));
    }
    InferenceConfiguration.Builder inference = InferenceConfiguration.builder().maxTokens(request.maxTokens());
    if (request.temperature() != null) {
      // Converse takes 0..1 for every model family.
      inference.temperature((float) Math.min(1.0, request.temperature()));
    }
    converse.inferenceConfig(inference.build());
    ResponseSchema schema = request.responseSchema();
    if (schema != null && mode == StructuredOutput.JSON_SCHEMA) {
      converse.outputConfig(
          OutputConfig.builder()
              .textFormat(
                  OutputFormat.builder()
                      .type(OutputFormatType.JSON_SCHEMA)
                      .structure(OutputFormatStructure.fromJsonSchema(JsonSchemaDefinition.builder().name(schema.name()).schema(schema.json()).build()))
                      .build())
              .build());
    }
    return converse.build();
  }

  static boolean rejectsOutputConfig(ValidationException e) {
    String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
    String msg = message.toLowerCase(Locale.ROOT);
    return msg.contains("outputconfig") || msg.contains("output config") || msg.contains("structured output")
        || msg.contains("output format") || msg.contains("textformat") || msg.contains("json_schema") || msg.contains("schema");
  }

  private static List<Message> messages(ChatRequest request) {
    List<Message> messages = new ArrayList<>(request.messages().size());
    for (ChatMessage message : request.messages()) {
      messages.add(
          Message.builder()
              .role(message.role() == ChatMessage.Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
              .content(ContentBlock.fromText(message.content()))
              .build());
    }
    return messages;
  }

  private static long nonNegative(@Nullable Integer value) {
    return value == null || value < 0 ? 0 : value;
  }

  /** Returns the answer's text blocks joined, with usage, or {@code null} if it has no message. */
  static @Nullable ChatResponse answer(ConverseResponse response, String model) {
    Message message = response.output() == null ? null : response.output().message();
    if (message == null) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : message.content()) {
      if (block.text() != null) {
        text.append(block.text());
      }
    }
    software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage = response.usage();
    TokenUsage tokens =
        usage == null ? TokenUsage.ZERO : new TokenUsage(nonNegative(usage.inputTokens()), nonNegative(usage.outputTokens()));
    return new ChatResponse(text.toString(), tokens, model);
  }
}
