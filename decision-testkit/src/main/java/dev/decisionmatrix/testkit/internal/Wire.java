package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RecordedHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One provider's wire format: how its requests read and how its answers and errors look. Wire
 * types stay internal, as the real providers' do in the backends module.
 */
public interface Wire {

  /** Returns the protocol. */
  Protocol protocol();

  /**
   * Returns the requested model for the request log, leniently, or null. By default the body's
   * {@code model} field, where the providers that name the model in the body put it.
   */
  default @Nullable String modelOf(@Nullable JsonNode body, @Nullable String pathModel) {
    return body == null ? null : Json.string(body, "model");
  }

  /** Checks authentication and required headers; returns the error to send, or null. */
  @Nullable Reply checkHeaders(RecordedHeaders headers, @Nullable String apiKey);

  /**
   * Parses a chat request.
   *
   * @throws WireException for a request the provider would reject
   */
  Call parse(ObjectNode body, @Nullable String pathModel, long sequence);

  /** Renders a successful answer. */
  Reply success(Call call, Completion completion);

  /** Renders an error in the provider's own shape. */
  Reply error(int status, String message);

  /** Renders the provider's model listing. */
  Reply models(List<String> models);
}
