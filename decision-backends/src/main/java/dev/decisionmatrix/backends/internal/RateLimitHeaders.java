package dev.decisionmatrix.backends.internal;

import dev.decisionmatrix.llm.RateLimitStatus;
import dev.decisionmatrix.llm.RateLimitStatus.Allowance;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rate limits a provider announces in its answer headers:
 *
 * <ul>
 *   <li>OpenAI (and compatible servers): {@code x-ratelimit-limit-requests}, {@code
 *       x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} (a duration such as
 *       {@code 1s}, {@code 6m0s}), and the same for {@code -tokens};
 *   <li>Anthropic: {@code anthropic-ratelimit-requests-limit}, {@code -remaining} and {@code -reset}
 *       (an RFC 3339 instant), and the same for {@code anthropic-ratelimit-tokens-} (falling back to
 *       {@code anthropic-ratelimit-input-tokens-} when only that is sent).
 * </ul>
 *
 * A header that is missing or does not parse leaves its allowance unknown; nothing here throws.
 */
public final class RateLimitHeaders {

  private RateLimitHeaders() {}

  /**
   * Reads the announced limits.
   *
   * @param headers the answer's headers
   * @param now the current instant, to turn Anthropic's reset instants into durations
   * @return the limits, or {@code null} if the answer announced none
   */
  public static @Nullable RateLimitStatus parse(HttpHeaders headers, Instant now) {
    return parse(headers::firstValue, now);
  }

  /**
   * Reads the announced limits from any header lookup (names are matched as given, lower case).
   *
   * @param headers a lookup of one header's first value
   * @param now the current instant
   * @return the limits, or {@code null} if the answer announced none
   */
  public static @Nullable RateLimitStatus parse(Function<String, Optional<String>> headers, Instant now) {
    Allowance requests = openAi(headers, "requests");
    Allowance tokens = openAi(headers, "tokens");
    if (requests == null) {
      requests = anthropic(headers, "anthropic-ratelimit-requests-", now);
    }
    if (tokens == null) {
      tokens = anthropic(headers, "anthropic-ratelimit-tokens-", now);
    }
    if (tokens == null) {
      tokens = anthropic(headers, "anthropic-ratelimit-input-tokens-", now);
    }
    return requests == null && tokens == null ? null : new RateLimitStatus(requests, tokens);
  }

  private static @Nullable Allowance openAi(Function<String, Optional<String>> headers, String kind) {
    Long limit = number(headers.apply("x-ratelimit-limit-" + kind));
    Long remaining = number(headers.apply("x-ratelimit-remaining-" + kind));
    Duration reset = headers.apply("x-ratelimit-reset-" + kind).map(RetryAfterHeaders::goDuration).orElse(null);
    return allowance(limit, remaining, reset);
  }

  private static @Nullable Allowance anthropic(Function<String, Optional<String>> headers, String prefix, Instant now) {
    Long limit = number(headers.apply(prefix + "limit"));
    Long remaining = number(headers.apply(prefix + "remaining"));
    Duration reset = headers.apply(prefix + "reset").map(value -> until(value, now)).orElse(null);
    return allowance(limit, remaining, reset);
  }

  private static @Nullable Allowance allowance(@Nullable Long limit, @Nullable Long remaining, @Nullable Duration reset) {
    if (limit == null || remaining == null || limit < 1) {
      return null;
    }
    Duration untilFull = reset == null || reset.isNegative() ? Duration.ZERO : reset;
    return new Allowance(limit, Math.max(0, Math.min(limit, remaining)), untilFull);
  }

  private static @Nullable Duration until(String instant, Instant now) {
    try {
      return Duration.between(now, OffsetDateTime.parse(instant.strip()).toInstant());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable Long number(Optional<String> value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value.get().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
