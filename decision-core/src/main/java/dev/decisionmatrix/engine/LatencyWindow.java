package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.Arrays;

/**
 * The latencies of the last {@value #SIZE} successful calls to one backend and model, and the
 * timeout they imply under an {@link AdaptiveTimeout}. A ring of recent samples is the streaming
 * estimate: it costs 2 KB, follows a provider that slows down or recovers within a few hundred
 * calls, and its quantile is exact for the window. The quantile is recomputed every {@value
 * #REFRESH} samples, so a call start reads one field. Thread-safe.
 */
final class LatencyWindow {

  static final int SIZE = 256;
  private static final int REFRESH = 8;

  private final long[] nanos = new long[SIZE];
  private int count;
  private int next;
  private volatile long timeoutNanos = -1;

  /** Records a successful call's latency. */
  synchronized void record(long latencyNanos, AdaptiveTimeout policy, Duration ceiling) {
    nanos[next] = Math.max(0, latencyNanos);
    next = (next + 1) % SIZE;
    count++;
    if (count >= policy.minSamples() && (count == policy.minSamples() || count % REFRESH == 0)) {
      int n = Math.min(count, SIZE);
      long[] sorted = Arrays.copyOf(nanos, n);
      Arrays.sort(sorted);
      int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(policy.quantile() * n) - 1));
      double derived = sorted[index] * policy.factor();
      long bounded = (long) Math.min(ceiling.toNanos(), Math.max(policy.floor().toNanos(), derived));
      timeoutNanos = bounded;
    }
  }

  /** Returns the timeout for the next call: derived once enough samples were seen, else the ceiling. */
  Duration timeout(Duration ceiling) {
    long t = timeoutNanos;
    return t < 0 ? ceiling : Duration.ofNanos(Math.min(t, ceiling.toNanos()));
  }
}
