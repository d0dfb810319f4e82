package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * When the engine stops calling a backend and model that is down. After {@code failures} calls in
 * a row failed in a way that says the provider is unreachable or broken (server errors and
 * overload, connection refused or reset, DNS failures, timeouts), the circuit opens: every further
 * call fails at once, without reaching the provider, saying since when it is down, so an evaluation
 * ends in moments instead of retrying each cell. After {@code openFor}, one call is let through as
 * a probe (half-open): its success closes the circuit, its failure opens it for another {@code
 * openFor}. Rate limiting, bad requests, authentication failures and invalid answers never count:
 * they say nothing about the provider being down.
 *
 * @param failures failed calls in a row that open the circuit; at least 1
 * @param openFor how long the circuit stays open before a probe; positive
 */
public record CircuitBreakerPolicy(int failures, Duration openFor) {

  /** The default: open after 20 failed calls in a row, probe every 5 s. */
  public static final CircuitBreakerPolicy DEFAULT = new CircuitBreakerPolicy(20, Duration.ofSeconds(5));

  /**
   * Validates the policy.
   *
   * @throws NullPointerException if {@code openFor} is null
   * @throws IllegalArgumentException if a value is out of its range
   */
  public CircuitBreakerPolicy {
    Objects.requireNonNull(openFor, "openFor");
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("openFor must be positive, got " + openFor);
    }
  }
}
