package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine derives a call's timeout from the latency it observed for the same backend and
 * model: a high quantile of the recent successful calls times a factor, kept between a floor and
 * the configured per-call timeout (the ceiling). Before {@code minSamples} successes were seen, the
 * first three calls get the ceiling, and later ones a provisional ten times the slowest success so
 * far (within the floor and the ceiling), which running calls adopt too: a request that hangs
 * while the engine is still learning costs a few seconds, not the ceiling. A hung request then
 * costs a few times a normal answer.
 *
 * @param quantile the observed latency quantile, for example 0.99; in (0, 1]
 * @param factor how many times that quantile a call may take; at least 1
 * @param floor the shortest timeout ever given; positive
 * @param minSamples successes to observe before the timeout adapts; at least 1
 */
public record AdaptiveTimeout(double quantile, double factor, Duration floor, int minSamples) {

  /** The default: 3 x the p99 of recent successes, never under 1 s, after 20 successes. */
  public static final AdaptiveTimeout DEFAULT = new AdaptiveTimeout(0.99, 3, Duration.ofSeconds(1), 20);

  /**
   * Validates the policy.
   *
   * @throws NullPointerException if {@code floor} is null
   * @throws IllegalArgumentException if a value is out of its range
   */
  public AdaptiveTimeout {
    Objects.requireNonNull(floor, "floor");
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
    }
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be a finite number >= 1, got " + factor);
    }
    if (floor.isNegative() || floor.isZero()) {
      throw new IllegalArgumentException("floor must be positive, got " + floor);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
    }
  }
}
