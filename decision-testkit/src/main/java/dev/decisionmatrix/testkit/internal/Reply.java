package dev.decisionmatrix.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response ready to send.
 *
 * @param status the status
 * @param contentType the content type
 * @param headers extra headers
 * @param body the body
 */
public record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {

  /** JSON content type. */
  public static final String JSON = "application/json";

  /** Creates a reply; the header map is copied. */
  public Reply {
    headers = Map.copyOf(headers);
  }

  /** A JSON reply. */
  public static Reply json(int status, byte[] body) {
    return new Reply(status, JSON, Map.of(), body);
  }

  /** A plain text reply. */
  public static Reply text(int status, String text) {
    return new Reply(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns this reply with more headers. */
  public Reply withHeaders(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(more);
    return new Reply(status, contentType, all, body);
  }

  /** Returns this reply with a different body of the same type. */
  public Reply withBody(byte[] newBody) {
    return new Reply(status, contentType, headers, newBody);
  }
}
