package dev.decisionmatrix.backends.internal;

import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a backend's connection test: one tiny request, and on failure a report that says what is
 * wrong and how to fix it, in the backend's own terms (which variable holds the key, the URL, the
 * model).
 *
 * @param backend the backend's id
 * @param endpoint where the backend sends requests, printable (no secrets)
 * @param keyAdvice how to fix rejected credentials, e.g. "Set OPENAI_API_KEY to a valid key."
 * @param urlAdvice how to fix an unreachable endpoint, e.g. "Check OPENAI_BASE_URL."
 * @param modelAdvice how to fix an unknown model, given the model's name
 */
public record ConnectionProbe(
    String backend, String endpoint, String keyAdvice, String urlAdvice, Function<String, String> modelAdvice) {

  /** Most tokens the probe asks for. */
  public static final int PROBE_MAX_TOKENS = 16;

  /**
   * Returns the tiny request a probe sends.
   *
   * @param model the model to ask
   * @return the request: no temperature (some models reject any but their default), no schema
   */
  public static ChatRequest request(String model) {
    return new ChatRequest("Reply with the single word OK.", List.of(ChatMessage.user("ping")), model, null, PROBE_MAX_TOKENS, null);
  }

  /**
   * Sends the probe through a backend and reports. Never throws.
   *
   * @param target the backend
   * @param model the model to ask, or {@code null} if none is configured
   * @return the report
   */
  public ConnectionReport run(LlmBackend target, @Nullable String model) {
    long start = System.nanoTime();
    if (model == null || model.isBlank()) {
      return new ConnectionReport(
          false,
          backend,
          null,
          "No model is configured for " + backend + " at " + endpoint
              + ". Set DECISION_MATRIX_MODEL (or the builder's model(...)) to the model to use.",
          LlmErrorKind.BAD_REQUEST,
          Duration.ZERO);
    }
    try {
      ChatResponse response = target.chat(request(model));
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String answeredBy = response.model() != null ? response.model() : model;
      return new ConnectionReport(
          true,
          backend,
          answeredBy,
          "Connected to " + backend + " at " + endpoint + ": model " + answeredBy + " answered in " + latency.toMillis() + " ms.",
          null,
          latency);
    } catch (LlmException e) {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String message = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
      return new ConnectionReport(false, backend, model, message + " Fix: " + advice(e, model), e.kind(), latency);
    } catch (RuntimeException e) {
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      return new ConnectionReport(
          false,
          backend,
          model,
          backend + ": unexpected failure (" + e.getClass().getSimpleName() + ") calling " + endpoint + ". Fix: "
              + LlmBackend.hintFor(LlmErrorKind.UNKNOWN),
          LlmErrorKind.UNKNOWN,
          latency);
    }
  }

  private String advice(LlmException e, String model) {
    return switch (e.kind()) {
      case AUTHENTICATION -> keyAdvice;
      case BAD_REQUEST ->
          e.httpStatus() == 404 || e.httpStatus() == 0
              ? modelAdvice.apply(model) + " " + urlAdvice
              : "Check the model name '" + model + "' and the endpoint " + endpoint + ".";
      case TRANSIENT ->
          e.httpStatus() == 0
              ? "Is the server at " + endpoint + " running and reachable? " + urlAdvice
              : "The provider had a temporary fault; try again.";
      case TIMEOUT -> "Check that " + endpoint + " is the right host and port, or raise the request timeout.";
      case RATE_LIMITED -> "The endpoint answered, so the connection and credentials work, but it is throttling; wait or lower the concurrency.";
      case OVERLOADED -> "The endpoint answered, so the connection and credentials work, but it is overloaded; try again later.";
      default -> LlmBackend.hintFor(e.kind());
    };
  }
}
