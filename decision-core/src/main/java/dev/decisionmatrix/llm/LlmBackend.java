package dev.decisionmatrix.llm;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A large language model the engine can ask. One abstract method, so a test double is a lambda:
 *
 * <pre>{@code
 * LlmBackend fake = request -> ChatResponse.of("{\"score\": 7, \"reasoning\": \"ok\", \"confidence\": 0.8}");
 * }</pre>
 *
 * <p>Implementations must be thread-safe: the engine calls {@link #chat} from many virtual threads
 * at once. Calls block; they should react to thread interruption (the engine interrupts on
 * cancellation and per-call timeout). Failures are thrown as {@link LlmException} with the right
 * {@link LlmErrorKind}; any other runtime exception is treated as {@link LlmErrorKind#UNKNOWN}.
 */
@FunctionalInterface
public interface LlmBackend {

  /**
   * Sends one chat request and waits for the answer.
   *
   * @param request what to ask
   * @return the answer with token usage
   * @throws LlmException if the call failed; its kind says whether a retry can help
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Returns a short, stable identifier of this backend and its endpoint, e.g. {@code "openai"}. It
   * is part of the judgment cache key and names the backend in errors and logs, so it must not
   * contain secrets.
   *
   * @return the id, never {@code null}; {@code "custom"} unless overridden
   */
  default String id() {
    return "custom";
  }

  /**
   * Returns the model used when a request names none. The engine puts it in the cache key, so
   * judgments by different default models are not mixed up.
   *
   * @return the model name, or {@code null} if the backend has none (the default)
   */
  default @Nullable String defaultModel() {
    return null;
  }

  /**
   * Returns the most calls this backend accepts at once, if it has such a limit of its own (for
   * example one MCP client's sampling, where a person may approve each request). The engine caps
   * the backend's adaptive concurrency limit at this value, so calls beyond it wait in the engine's
   * queue, holding no slot, instead of blocking inside {@link #chat}. Such a backend is treated as
   * a resource that comes and goes: once none of its calls runs or waits, the engine forgets its
   * adaptive limit, so a new backend under the same id starts afresh.
   *
   * @return the backend's own limit, at least 1, or empty (the default) for none
   */
  default java.util.OptionalInt maxConcurrency() {
    return java.util.OptionalInt.empty();
  }

  /**
   * Whether the engine may send a second copy of a slow call to this backend (a hedged request,
   * see {@code HedgePolicy}). True by default; a backend whose calls wait on a person, or where a
   * copy costs more than the latency it saves, returns false.
   *
   * @return whether slow calls may be hedged
   */
  default boolean hedgeable() {
    return true;
  }

  /**
   * Sends one tiny request and reports whether it worked and, if not, what to fix. Never throws.
   *
   * @return the report
   */
  default ConnectionReport testConnection() {
    long start = System.nanoTime();
    @Nullable String model = defaultModel();
    try {
      ChatResponse response =
          chat(new ChatRequest("Reply with the single word OK.", java.util.List.of(ChatMessage.user("ping")), model, 0.0, 8, null));
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String answeredBy = response.model() != null ? response.model() : model;
      return new ConnectionReport(
          true, id(), answeredBy, "Connected: " + id() + (answeredBy == null ? "" : " (" + answeredBy + ")") + " answered in " + latency.toMillis() + " ms.", null, latency);
    } catch (LlmException e) {
      // A provider that answered with a 5xx is reachable: the generic transient hint would send the user looking at the network.
      String hint = e.kind() == LlmErrorKind.TRANSIENT && e.httpStatus() != 0
          ? "The provider answered HTTP " + e.httpStatus() + ", a fault on its side; try again later."
          : hintFor(e.kind());
      return new ConnectionReport(false, id(), model, e.getMessage() + " " + hint, e.kind(), Duration.ofNanos(System.nanoTime() - start));
    } catch (RuntimeException e) {
      return new ConnectionReport(false, id(), model, "Unexpected failure: " + e.getClass().getSimpleName(), LlmErrorKind.UNKNOWN, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Returns a one-line hint on how to fix a failure of the given kind.
   *
   * @param kind the failure's kind
   * @return the hint, ending with a period
   */
  static String hintFor(LlmErrorKind kind) {
    return switch (kind) {
      case AUTHENTICATION -> "Check the API key (or credentials) and that it may use this model.";
      case BAD_REQUEST -> "Check the model name and the endpoint URL.";
      case RATE_LIMITED -> "The provider is throttling; lower the concurrency or wait.";
      case OVERLOADED -> "The provider is overloaded; try again later.";
      case TIMEOUT -> "The endpoint did not answer in time; check the host and port, or raise the timeout.";
      case TRANSIENT -> "Check that the host is reachable and the base URL (or region) is right.";
      case INVALID_ANSWER -> "The model answered in an unexpected form; try another model.";
      case CANCELLED -> "The call was cancelled.";
      case UNKNOWN -> "See the server log for details.";
    } ;
  }

  /**
   * Wraps a backend under another id (for example to tell two endpoints apart in the cache key).
   *
   * @param id the new id, lower-case letters, digits, {@code . _ : / -}
   * @param backend the backend to wrap; its {@link #chat} and {@link #defaultModel()} are used, but
   *     not its {@link #testConnection()}
   * @return a backend that delegates every call, with the id stripped and in lower case; as
   *     thread-safe as {@code backend}
   * @throws IllegalArgumentException if {@code id} is {@code null} or blank
   */
  static LlmBackend named(String id, LlmBackend backend) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("backend id must not be blank");
    }
    String clean = id.strip().toLowerCase(Locale.ROOT);
    return new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        return backend.chat(request);
      }

      @Override
      public String id() {
        return clean;
      }

      @Override
      public @Nullable String defaultModel() {
        return backend.defaultModel();
      }

      @Override
      public boolean hedgeable() {
        return backend.hedgeable();
      }

      @Override
      public String toString() {
        return "LlmBackend[" + clean + "]";
      }
    };
  }
}
