package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The request and token buckets of one {@link RateLimit}, refilling continuously in real time.
 * Thread-safe: every admission is one synchronized step.
 */
public final class RateBuckets {

  private final RateLimit limit;
  private final double requestsPerNano;
  private final double tokensPerNano;
  private double requests;
  private double tokens;
  private long updated;
  private final LongSupplier nanoTime;

  /** Creates full buckets on the system clock. */
  public RateBuckets(RateLimit limit) {
    this(limit, System::nanoTime);
  }

  /** Creates full buckets on the given nanosecond clock (tests pass a fake one). */
  RateBuckets(RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.requestsPerNano = limit.requests() / (double) limit.window().toNanos();
    this.tokensPerNano = limit.tokens() / (double) limit.window().toNanos();
    this.requests = limit.requests();
    this.tokens = limit.tokens();
    this.updated = nanoTime.getAsLong();
  }

  /**
   * What one admission decided.
   *
   * @param admitted whether the request fits
   * @param retryAfter for a refused request, the time until it would fit
   * @param headers the rate-limit headers of the answer on the given wire
   */
  public record Admission(boolean admitted, Duration retryAfter, Map<String, String> headers) {}

  /** Charges one request of this many tokens if both buckets have room; announces what is left. */
  public synchronized Admission admit(long cost, Protocol protocol) {
    long now = nanoTime.getAsLong();
    refill(now);
    long charged = Math.min(cost, limit.tokens()); // a request larger than the bucket waits for a full one
    boolean fits = requests >= 1 && tokens >= charged;
    Duration wait = Duration.ZERO;
    if (fits) {
      requests -= 1;
      tokens -= charged;
    } else {
      double requestWait = requests >= 1 ? 0 : (1 - requests) / requestsPerNano;
      double tokenWait = tokens >= charged ? 0 : (charged - tokens) / tokensPerNano;
      wait = Duration.ofNanos((long) Math.ceil(Math.max(requestWait, tokenWait)));
    }
    return new Admission(fits, wait, headers(protocol));
  }

  private void refill(long now) {
    long elapsed = now - updated;
    updated = now;
    requests = Math.min(limit.requests(), requests + elapsed * requestsPerNano);
    tokens = Math.min(limit.tokens(), tokens + elapsed * tokensPerNano);
  }

  private Map<String, String> headers(Protocol protocol) {
    long requestsLeft = (long) Math.floor(requests);
    long tokensLeft = (long) Math.floor(tokens);
    Duration requestsFull = Duration.ofNanos((long) Math.ceil((limit.requests() - requests) / requestsPerNano));
    Duration tokensFull = Duration.ofNanos((long) Math.ceil((limit.tokens() - tokens) / tokensPerNano));
    Map<String, String> h = new LinkedHashMap<>();
    switch (protocol) {
      case OPENAI -> {
        h.put("x-ratelimit-limit-requests", Integer.toString(limit.requests()));
        h.put("x-ratelimit-remaining-requests", Long.toString(requestsLeft));
        h.put("x-ratelimit-reset-requests", RetryHeaders.goDuration(requestsFull.toMillis()));
        h.put("x-ratelimit-limit-tokens", Long.toString(limit.tokens()));
        h.put("x-ratelimit-remaining-tokens", Long.toString(tokensLeft));
        h.put("x-ratelimit-reset-tokens", RetryHeaders.goDuration(tokensFull.toMillis()));
      }
      case ANTHROPIC -> {
        Instant now = Instant.now();
        h.put("anthropic-ratelimit-requests-limit", Integer.toString(limit.requests()));
        h.put("anthropic-ratelimit-requests-remaining", Long.toString(requestsLeft));
        h.put("anthropic-ratelimit-requests-reset", rfc3339(now.plus(requestsFull)));
        h.put("anthropic-ratelimit-tokens-limit", Long.toString(limit.tokens()));
        h.put("anthropic-ratelimit-tokens-remaining", Long.toString(tokensLeft));
        h.put("anthropic-ratelimit-tokens-reset", rfc3339(now.plus(tokensFull)));
      }
      default -> {
        // Ollama and Bedrock announce no limits.
      }
    }
    return h;
  }

  private static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
