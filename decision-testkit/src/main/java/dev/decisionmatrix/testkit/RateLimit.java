package dev.decisionmatrix.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Rate limits the simulator enforces and announces, as providers do: at most {@code requests}
 * requests and {@code tokens} tokens per {@code window}, each a bucket that refills continuously
 * (the token-bucket model Anthropic documents; OpenAI's limits behave the same way to a client).
 * A request is charged one request and its prompt tokens plus its {@code max_tokens} (OpenAI
 * counts {@code max_tokens} against the budget when the request arrives). Over the limit it gets
 * 429 with {@code Retry-After} for the time until it would fit. Every answer on the OpenAI and
 * Anthropic wires carries the provider's headers: OpenAI {@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} (a duration such as
 * {@code 1.5s} until the bucket is full again) and the same for {@code -tokens}; Anthropic
 * {@code anthropic-ratelimit-requests-limit}, {@code -remaining} and {@code -reset} (an RFC 3339
 * instant) and the same for {@code anthropic-ratelimit-tokens-}.
 *
 * @param requests requests per window, at least 1
 * @param tokens tokens per window, at least 1
 * @param window the window, a minute for real providers, shorter to keep tests fast; positive
 */
public record RateLimit(int requests, long tokens, Duration window) {

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a limit is below 1 or the window is not positive
   * @throws NullPointerException if the window is null
   */
  public RateLimit {
    Objects.requireNonNull(window, "window");
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1 per window, got " + requests);
    }
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be at least 1 per window, got " + tokens);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
  }

  /**
   * Limits per minute, as providers announce them.
   *
   * @param requestsPerMinute requests per minute, at least 1
   * @param tokensPerMinute tokens per minute, at least 1
   * @return the limits
   */
  public static RateLimit perMinute(int requestsPerMinute, long tokensPerMinute) {
    return new RateLimit(requestsPerMinute, tokensPerMinute, Duration.ofMinutes(1));
  }
}
