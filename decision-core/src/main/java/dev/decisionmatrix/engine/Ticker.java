package dev.decisionmatrix.engine;

/**
 * A source of nanosecond time for measuring durations, injectable so tests can use a fake clock.
 * Only differences between readings are meaningful.
 */
@FunctionalInterface
public interface Ticker {

  /** Returns the current reading in nanoseconds. */
  long read();

  /** Returns the system's monotonic clock ({@link System#nanoTime()}). */
  static Ticker system() {
    return System::nanoTime;
  }
}
