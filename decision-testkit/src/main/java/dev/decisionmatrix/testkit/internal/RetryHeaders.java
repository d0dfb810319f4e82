package dev.decisionmatrix.testkit.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The retry hints of a 429 answer, in the forms the different providers use. */
final class RetryHeaders {

  private RetryHeaders() {}

  /**
   * Returns {@code Retry-After} (whole seconds, rounded up), {@code retry-after-ms} (exact
   * milliseconds) and OpenAI's {@code x-ratelimit-reset-requests} (for example {@code 1s}, {@code
   * 250ms}, {@code 1.5s}).
   */
  static Map<String, String> of(Duration wait) {
    long ms = Math.max(0, wait.toMillis());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Retry-After", Long.toString((ms + 999) / 1000));
    h.put("retry-after-ms", Long.toString(ms));
    h.put("x-ratelimit-reset-requests", goDuration(ms));
    h.put("x-ratelimit-remaining-requests", "0");
    return h;
  }

  static String goDuration(long ms) {
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros().toPlainString() + "s";
  }
}
