package dev.decisionmatrix.backends.internal;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * An HTTP response as a backend sees it, whatever its status.
 *
 * @param uri the URL that was called
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the response body
 */
public record HttpReply(URI uri, int status, HttpHeaders headers, byte[] body) {

  /** Returns whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
