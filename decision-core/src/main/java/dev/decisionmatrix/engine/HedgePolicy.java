package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * When the engine sends a second copy of a slow call (a hedged request): once a call has run longer
 * than a high quantile of the recent successful calls to the same backend and model, a copy is
 * sent; the first answer wins, the other copy is cancelled, and both count as calls. Hedges are
 * capped to a share of the calls per backend and model, so a provider that slows down as a whole is
 * not sent twice the load. A hedge never exceeds the concurrency limits: it waits for the next free
 * slot of its backend, ahead of the queued calls, and is dropped if the first copy answers meanwhile.
 *
 * <p>A backend whose calls must never be repeated (one that asks a person, such as MCP sampling)
 * says so with {@link dev.decisionmatrix.llm.LlmBackend#hedgeable()}.
 *
 * @param quantile the latency quantile after which a copy is sent, for example 0.95; in (0, 1)
 * @param maxShare the most hedges per call started to one backend and model, for example 0.1; in (0, 1]
 * @param minSamples successful calls to observe before any call is hedged; at least 1
 * @param minDelay the shortest a call runs before it is hedged; not negative
 */
public record HedgePolicy(double quantile, double maxShare, int minSamples, Duration minDelay) {

  /** The default: a copy after the p95 of recent successes, at most one hedge per 10 calls, after 20 successes. */
  public static final HedgePolicy DEFAULT = new HedgePolicy(0.95, 0.1, 20, Duration.ofMillis(10));

  /**
   * Validates the policy.
   *
   * @throws NullPointerException if {@code minDelay} is null
   * @throws IllegalArgumentException if a value is out of its range
   */
  public HedgePolicy {
    Objects.requireNonNull(minDelay, "minDelay");
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1), got " + quantile);
    }
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new IllegalArgumentException("maxShare must be in (0, 1], got " + maxShare);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
    }
    if (minDelay.isNegative()) {
      throw new IllegalArgumentException("minDelay must not be negative, got " + minDelay);
    }
  }

  /**
   * Returns this policy with another share of calls that may be hedged.
   *
   * @param share the most hedges per call started; in (0, 1]
   * @return the changed policy
   * @throws IllegalArgumentException if the share is out of range
   */
  public HedgePolicy withMaxShare(double share) {
    return new HedgePolicy(quantile, share, minSamples, minDelay);
  }
}
