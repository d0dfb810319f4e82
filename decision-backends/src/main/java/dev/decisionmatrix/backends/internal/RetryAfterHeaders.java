package dev.decisionmatrix.backends.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads how long a provider asked the client to wait from the response headers:
 *
 * <ol>
 *   <li>{@code retry-after-ms}: milliseconds (OpenAI, Azure);
 *   <li>{@code Retry-After}: seconds (decimals allowed) or an HTTP date (RFC 9110);
 *   <li>OpenAI's {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens}: durations
 *       such as {@code 1s}, {@code 250ms}, {@code 6m0s}; the one whose {@code x-ratelimit-remaining-*}
 *       is 0 wins, else the shorter;
 *   <li>Anthropic's {@code anthropic-ratelimit-*-reset}: RFC 3339 instants.
 * </ol>
 *
 * <p>Hints are capped at {@link #MAX}: a wrong header must not stall an evaluation for hours.
 */
public final class RetryAfterHeaders {

  /** The longest wait a hint may ask for. */
  public static final Duration MAX = Duration.ofMinutes(10);

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

  private RetryAfterHeaders() {}

  /**
   * Returns the wait the headers ask for.
   *
   * @param headers the response headers
   * @param now the current time, for HTTP dates and instants
   * @return the wait (at most {@link #MAX}), or {@code null} if no header gives one
   */
  public static @Nullable Duration parse(HttpHeaders headers, Instant now) {
    return parse(headers::firstValue, now);
  }

  /**
   * Returns the wait the headers ask for.
   *
   * @param headers looks a header up by name, case-insensitively
   * @param now the current time, for HTTP dates and instants
   * @return the wait (at most {@link #MAX}), or {@code null} if no header gives one
   */
  public static @Nullable Duration parse(Function<String, Optional<String>> headers, Instant now) {
    Duration d = millis(headers.apply("retry-after-ms"));
    if (d == null) {
      d = retryAfter(headers.apply("retry-after"), now);
    }
    if (d == null) {
      d = openAiReset(headers);
    }
    if (d == null) {
      d = anthropicReset(headers, now);
    }
    if (d == null) {
      return null;
    }
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX) > 0 ? MAX : d;
  }

  private static @Nullable Duration millis(Optional<String> value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      double ms = Double.parseDouble(value.get().strip());
      return Double.isFinite(ms) ? Duration.ofNanos((long) (Math.max(0, ms) * 1_000_000)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Parses a {@code Retry-After} value: delta seconds or an HTTP date.
   *
   * @param value the header value, if present
   * @param now the current time
   * @return the wait, or {@code null} if absent or unreadable
   */
  public static @Nullable Duration retryAfter(Optional<String> value, Instant now) {
    if (value.isEmpty() || value.get().isBlank()) {
      return null;
    }
    String v = value.get().strip();
    try {
      double seconds = Double.parseDouble(v);
      return Double.isFinite(seconds) ? Duration.ofMillis((long) (Math.max(0, seconds) * 1000)) : null;
    } catch (NumberFormatException e) {
      // not seconds: try a date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Duration.between(now, at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Parses a Go-style duration as OpenAI sends it ({@code 1s}, {@code 250ms}, {@code 6m0s}, {@code 1h2m3.5s}).
   *
   * @param text the text
   * @return the duration, or {@code null} if the text is not one
   */
  public static @Nullable Duration goDuration(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return null;
    }
    Matcher m = GO_DURATION.matcher(s);
    int pos = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != pos) {
        return null;
      }
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "h" -> 3_600e9;
        case "m" -> 60e9;
        case "s" -> 1e9;
        case "ms" -> 1e6;
        case "us", "µs" -> 1e3;
        default -> 1;
      };
      pos = m.end();
    }
    if (pos != s.length()) {
      return null;
    }
    return Duration.ofNanos((long) nanos);
  }

  private static @Nullable Duration openAiReset(Function<String, Optional<String>> headers) {
    Duration requests = headers.apply("x-ratelimit-reset-requests").map(RetryAfterHeaders::goDuration).orElse(null);
    Duration tokens = headers.apply("x-ratelimit-reset-tokens").map(RetryAfterHeaders::goDuration).orElse(null);
    boolean requestsExhausted = exhausted(headers, "x-ratelimit-remaining-requests");
    boolean tokensExhausted = exhausted(headers, "x-ratelimit-remaining-tokens");
    List<Duration> candidates = new ArrayList<>(2);
    if (requests != null && requestsExhausted) {
      candidates.add(requests);
    }
    if (tokens != null && tokensExhausted) {
      candidates.add(tokens);
    }
    if (!candidates.isEmpty()) {
      return candidates.stream().max(Duration::compareTo).orElseThrow();
    }
    if (requests != null && tokens != null) {
      return requests.compareTo(tokens) <= 0 ? requests : tokens;
    }
    return requests != null ? requests : tokens;
  }

  private static boolean exhausted(Function<String, Optional<String>> headers, String name) {
    return headers.apply(name).map(String::strip).map(v -> v.equals("0")).orElse(false);
  }

  private static @Nullable Duration anthropicReset(Function<String, Optional<String>> headers, Instant now) {
    Duration best = null;
    for (String name : List.of("anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
        "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset")) {
      Optional<String> value = headers.apply(name);
      if (value.isEmpty()) {
        continue;
      }
      try {
        Duration d = Duration.between(now, OffsetDateTime.parse(value.get().strip()).toInstant());
        if (!d.isNegative() && (best == null || d.compareTo(best) < 0)) {
          best = d;
        }
      } catch (DateTimeParseException e) {
        // ignore an unreadable hint
      }
    }
    return best;
  }
}
