package dev.decisionmatrix.testkit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request as it reached the simulator, recorded on arrival (before any capacity wait, fault
 * or answer). {@link #toString()} redacts secret headers.
 *
 * @param sequence the chat request's {@linkplain SimRequest#sequence() sequence number}, or -1 for
 *     other requests (model listings, unknown paths)
 * @param receivedAt when the request arrived
 * @param method the HTTP method
 * @param path the raw request path, without query
 * @param protocol the protocol of the endpoint, or null for an unknown path
 * @param model the requested model, or null when the request names none or is not JSON
 * @param headers the request headers
 * @param body the request body, decoded as UTF-8
 */
public record RecordedRequest(
    long sequence,
    Instant receivedAt,
    String method,
    String path,
    @Nullable Protocol protocol,
    @Nullable String model,
    RecordedHeaders headers,
    String body) {

  private static final int PRINTED_BODY_CHARS = 300;

  /**
   * Creates a record.
   *
   * @throws NullPointerException if a non-nullable argument is null
   */
  public RecordedRequest {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /**
   * Returns a printable form with secret headers redacted and a long body abbreviated.
   *
   * @return the printable form
   */
  @Override
  public String toString() {
    String shownBody =
        body.length() <= PRINTED_BODY_CHARS
            ? body
            : body.substring(0, PRINTED_BODY_CHARS) + "...(" + body.length() + " chars)";
    return "RecordedRequest[sequence=" + sequence
        + ", receivedAt=" + receivedAt
        + ", method=" + method
        + ", path=" + path
        + ", protocol=" + protocol
        + ", model=" + model
        + ", headers=" + headers
        + ", body=" + shownBody
        + "]";
  }
}
