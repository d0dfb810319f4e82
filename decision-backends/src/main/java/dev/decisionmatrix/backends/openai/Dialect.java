package dev.decisionmatrix.backends.openai;

import dev.decisionmatrix.backends.StructuredOutput;
import dev.decisionmatrix.llm.ChatRequest;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What one model's server accepts, learned from its 400 answers: which structured-output mode,
 * whether a temperature, and which output-limit field ({@code max_tokens} or {@code
 * max_completion_tokens}).
 *
 * @param mode the structured-output mode to send
 * @param temperature whether to send the request's temperature
 * @param maxCompletionTokens whether to send {@code max_completion_tokens} instead of {@code max_tokens}
 */
record Dialect(StructuredOutput mode, boolean temperature, boolean maxCompletionTokens) {

  // How servers say that a parameter itself (not its value) is not accepted.
  private static final List<String> UNSUPPORTED =
      List.of("unsupported", "not supported", "does not support", "unrecognized", "unknown", "not permitted", "instead", "only the default");

  /**
   * Returns the dialect to try after the server rejected a request with a 400 and this message, or
   * {@code null} if the message names nothing this dialect can drop: a rejected {@code
   * response_format} steps down one structured-output mode; an unsupported {@code temperature} is
   * dropped; an unsupported output-limit field is swapped for the other.
   */
  @Nullable Dialect adaptTo(ChatRequest request, String providerMessage) {
    String msg = providerMessage.toLowerCase(Locale.ROOT);
    if (request.responseSchema() != null
        && mode != StructuredOutput.NONE
        && (msg.contains("response_format") || msg.contains("json_schema") || msg.contains("json_object") || msg.contains("structured output"))) {
      return new Dialect(mode.weaker(), temperature, maxCompletionTokens);
    }
    boolean unsupported = UNSUPPORTED.stream().anyMatch(msg::contains);
    if (unsupported && request.temperature() != null && temperature && msg.contains("temperature")) {
      return new Dialect(mode, false, maxCompletionTokens);
    }
    if (unsupported && (msg.contains("max_completion_tokens") || (maxCompletionTokens && msg.contains("max_tokens")))) {
      return new Dialect(mode, temperature, !maxCompletionTokens);
    }
    return null;
  }

  @Override
  public String toString() {
    return "structured output " + mode + (temperature ? "" : ", no temperature") + (maxCompletionTokens ? ", max_completion_tokens" : ", max_tokens");
  }
}
