package dev.decisionmatrix.engine;

/**
 * A source of nanosecond time for measuring durations, injectable so tests can use a fake clock.
 * Only differences between readings are meaningful.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading. Implementations must be thread-safe: the engine reads from many
   * threads.
   *
   * @return the reading in nanoseconds, from an arbitrary origin; never decreasing
   */
  long read();

  /**
   * Returns the system's monotonic clock, the engine's default.
   *
   * @return a ticker that reads {@link System#nanoTime()}
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
