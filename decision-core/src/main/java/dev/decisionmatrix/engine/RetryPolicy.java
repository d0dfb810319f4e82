package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How transient failures are retried: exponential backoff with full jitter, for retryable kinds
 * only ({@link dev.decisionmatrix.llm.LlmErrorKind#retryable()}). A provider's retry-after hint is
 * honoured: the wait is never shorter than it. Authentication and bad-request failures are never
 * retried.
 *
 * @param maxAttempts most calls per cell sample, including the first (1 disables retries)
 * @param initialBackoff the backoff cap after the first failure
 * @param maxBackoff the largest backoff cap
 * @param multiplier how much the cap grows per failure
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 20 but was " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must not be negative but was " + initialBackoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least initialBackoff but was " + maxBackoff);
    }
    if (!(multiplier >= 1 && multiplier <= 10)) {
      throw new IllegalArgumentException("multiplier must be between 1 and 10 but was " + multiplier);
    }
  }

  /**
   * Returns the engine's default policy: four attempts, with a backoff cap from 250 ms doubling up
   * to 20 s.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(20), 2.0);
  }

  /**
   * Returns a policy of one attempt and no retries; the first failure is final.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
  }

  /**
   * Returns a copy with another attempt count and the same backoff.
   *
   * @param value most calls per cell sample, including the first, in 1..20 (1 disables retries)
   * @return a new policy; this one is unchanged
   * @throws IllegalArgumentException if {@code value} is outside 1..20
   */
  public RetryPolicy withMaxAttempts(int value) {
    return new RetryPolicy(value, initialBackoff, maxBackoff, multiplier);
  }

  /**
   * Returns a copy with other backoff bounds and the same attempt count and multiplier.
   *
   * @param initial the backoff cap after the first failure; zero or positive
   * @param max the largest backoff cap; at least {@code initial}
   * @return a new policy; this one is unchanged
   * @throws IllegalArgumentException if a bound is {@code null}, {@code initial} is negative or
   *     {@code max} is below {@code initial}
   */
  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, multiplier);
  }

  /**
   * Computes the wait before the next attempt: a uniformly random time between zero and {@code
   * min(maxBackoff, initialBackoff * multiplier^(failures-1))} ("full jitter"), but never less than
   * the provider's hint.
   *
   * @param failures how many attempts failed so far (1 after the first failure)
   * @param retryAfter the provider's hint, or {@link Duration#ZERO}
   * @param random the source of jitter
   * @return the wait
   */
  public Duration backoff(int failures, Duration retryAfter, RandomGenerator random) {
    double cap = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1));
    long capNanos = (long) Math.min(maxBackoff.toNanos(), cap);
    long jittered = capNanos <= 0 ? 0 : random.nextLong(capNanos + 1);
    return Duration.ofNanos(Math.max(jittered, retryAfter.toNanos()));
  }
}
