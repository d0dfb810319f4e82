package dev.decisionmatrix.testkit;

import dev.decisionmatrix.testkit.internal.Latencies;
import java.time.Duration;

/**
 * How long the simulator waits before answering a chat request. The wait is a {@code
 * Thread.sleep} on the request's virtual thread while it holds its capacity slot, so latency and
 * capacity together bound the simulator's throughput like a real provider's.
 *
 * <p>A lambda is a latency model: {@code r -> r.sequence() == 0 ? Duration.ofSeconds(1) :
 * Duration.ZERO}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface LatencyModel {

  /**
   * Returns the delay for a request.
   *
   * @param request the request
   * @return the delay; zero or negative means no delay
   */
  Duration delayFor(SimRequest request);

  /**
   * Returns the model without delay.
   *
   * @return the model
   */
  static LatencyModel none() {
    return Latencies.NONE;
  }

  /**
   * Returns a model with the same delay for every request.
   *
   * @param delay the delay, not negative
   * @return the model
   * @throws IllegalArgumentException if the delay is negative
   */
  static LatencyModel fixed(Duration delay) {
    return Latencies.fixed(delay);
  }

  /**
   * Returns a model whose delay is uniformly distributed between two bounds. The delay is a pure
   * function of the seed and the request's sequence number.
   *
   * @param min the smallest delay, not negative
   * @param max the largest delay, not below {@code min}
   * @param seed the seed
   * @return the model
   * @throws IllegalArgumentException if {@code min} is negative or {@code max < min}
   */
  static LatencyModel uniform(Duration min, Duration max, long seed) {
    return Latencies.uniform(min, max, seed);
  }

  /**
   * Returns a model whose delay is log-normally distributed: {@code median * exp(sigma * Z)} with
   * Z standard normal (clamped to plus or minus 6). Real LLM latencies have this long right tail.
   * The delay is a pure function of the seed and the request's sequence number.
   *
   * @param median the median delay, not negative
   * @param sigma the spread, 0 to 3 (0 means always the median; 0.5 is a typical API)
   * @param seed the seed
   * @return the model
   * @throws IllegalArgumentException if the median is negative or sigma outside 0 to 3
   */
  static LatencyModel logNormal(Duration median, double sigma, long seed) {
    return Latencies.logNormal(median, sigma, seed);
  }

  /**
   * Returns a model whose delay grows with the cells a request judges: {@code first} for a one-cell
   * request, plus {@code eachFurther} for every further cell of a batched one. An answer's output
   * tokens grow with its cells and a provider's latency with its output tokens, so this is how a
   * batched answer is slower than a one-cell one.
   *
   * @param first the delay of a one-cell request, not negative
   * @param eachFurther the delay each further cell adds, not negative
   * @return the model
   * @throws IllegalArgumentException if a delay is negative
   */
  static LatencyModel perCell(Duration first, Duration eachFurther) {
    return Latencies.perCell(first, eachFurther);
  }
}
