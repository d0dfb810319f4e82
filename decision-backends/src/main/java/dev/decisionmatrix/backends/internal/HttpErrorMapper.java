package dev.decisionmatrix.backends.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Turns an HTTP error response into an {@link LlmException} of the right kind:
 *
 * <table>
 *   <caption>status to kind</caption>
 *   <tr><th>status</th><th>kind</th></tr>
 *   <tr><td>429</td><td>RATE_LIMITED (with the retry-after hint)</td></tr>
 *   <tr><td>503, 529</td><td>OVERLOADED</td></tr>
 *   <tr><td>500, 502, 504</td><td>TRANSIENT</td></tr>
 *   <tr><td>408</td><td>TIMEOUT</td></tr>
 *   <tr><td>401, 403</td><td>AUTHENTICATION</td></tr>
 *   <tr><td>400, 404, 413, 422</td><td>BAD_REQUEST</td></tr>
 *   <tr><td>anything else</td><td>UNKNOWN</td></tr>
 * </table>
 *
 * <p>The message names the backend, the status, the URL (without credentials) and the provider's
 * own error message, shortened and with secrets redacted.
 */
public final class HttpErrorMapper {

  /** Longest provider message kept in an exception message. */
  public static final int MAX_PROVIDER_MESSAGE = 300;

  private HttpErrorMapper() {}

  /**
   * Returns the kind of failure an HTTP status means.
   *
   * @param status the HTTP status (not 2xx)
   * @return the kind
   */
  public static LlmErrorKind kindOf(int status) {
    return switch (status) {
      case 429 -> LlmErrorKind.RATE_LIMITED;
      case 503, 529 -> LlmErrorKind.OVERLOADED;
      case 500, 502, 504 -> LlmErrorKind.TRANSIENT;
      case 408 -> LlmErrorKind.TIMEOUT;
      case 401, 403 -> LlmErrorKind.AUTHENTICATION;
      case 400, 404, 413, 422 -> LlmErrorKind.BAD_REQUEST;
      default -> LlmErrorKind.UNKNOWN;
    };
  }

  /**
   * Builds the exception for an error response.
   *
   * @param backend the backend's id
   * @param model the model asked, or {@code null}
   * @param uri the URL called
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the response body
   * @param redactor removes secrets from the provider's message
   * @param now the current time, for date-valued retry hints
   * @return the exception (not thrown)
   */
  public static LlmException map(
      String backend,
      @Nullable String model,
      URI uri,
      int status,
      HttpHeaders headers,
      byte[] body,
      Redactor redactor,
      Instant now) {
    LlmErrorKind kind = kindOf(status);
    Duration retryAfter = kind.retryable() ? RetryAfterHeaders.parse(headers, now) : null;
    String providerMessage = redactor.redact(providerMessage(body));
    StringBuilder m = new StringBuilder(160);
    m.append(backend).append(": HTTP ").append(status).append(' ').append(describe(status, model));
    m.append(" from ").append(BaseUrl.display(uri));
    if (retryAfter != null) {
      m.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
    }
    if (!providerMessage.isEmpty()) {
      m.append(": ").append(providerMessage);
    }
    return new LlmException(kind, m.toString(), retryAfter, status, backend, model, null);
  }

  private static String describe(int status, @Nullable String model) {
    return switch (status) {
      case 400 -> "(bad request)";
      case 401 -> "(unauthorized: the API key is missing or invalid)";
      case 403 -> "(forbidden: the key may not use this model or endpoint)";
      case 404 -> "(not found: the model " + (model == null ? "" : "'" + model + "' ") + "or the URL is unknown)";
      case 408 -> "(request timeout)";
      case 413 -> "(request too large)";
      case 422 -> "(unprocessable request)";
      case 429 -> "(rate limited)";
      case 500 -> "(internal server error)";
      case 502 -> "(bad gateway)";
      case 503 -> "(service unavailable)";
      case 504 -> "(gateway timeout)";
      case 529 -> "(overloaded)";
      default -> "(unexpected status)";
    };
  }

  /**
   * Extracts the provider's error message from an error body: OpenAI and Anthropic's {@code
   * error.message}, Ollama's {@code error}, a top-level {@code message} or {@code detail}; else the
   * body's text itself. Shortened to {@value #MAX_PROVIDER_MESSAGE} characters, control characters
   * removed. Not redacted: callers redact.
   *
   * @param body the body
   * @return the message, possibly empty
   */
  public static String providerMessage(byte[] body) {
    JsonNode json = Json.parseOrNull(body);
    String text = null;
    if (json != null && json.isObject()) {
      JsonNode error = json.get("error");
      if (error != null && error.isObject()) {
        text = Json.textOrNull(error, "message");
        if (text == null) {
          text = error.toString();
        }
      } else if (error != null && error.isTextual()) {
        text = error.asText();
      } else {
        text = firstText(json, "message", "Message", "detail", "error_message");
      }
      if (text == null) {
        text = json.toString();
      }
    } else {
      text = new String(body, 0, Math.min(body.length, 4 * MAX_PROVIDER_MESSAGE), StandardCharsets.UTF_8);
    }
    return shorten(text);
  }

  private static @Nullable String firstText(JsonNode json, String... fields) {
    for (String f : fields) {
      String t = Json.textOrNull(json, f);
      if (t != null && !t.isBlank()) {
        return t;
      }
    }
    return null;
  }

  /**
   * Collapses whitespace and control characters and cuts the text to {@value #MAX_PROVIDER_MESSAGE}
   * characters.
   *
   * @param text the text
   * @return the shortened text
   */
  public static String shorten(String text) {
    String s = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return s.length() <= MAX_PROVIDER_MESSAGE ? s : s.substring(0, MAX_PROVIDER_MESSAGE - 3) + "...";
  }
}
