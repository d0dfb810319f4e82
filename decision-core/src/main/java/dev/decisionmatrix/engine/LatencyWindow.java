package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

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

  /** Successes after which a provisional timeout replaces the ceiling, before the policy's own. */
  static final int PROVISIONAL_SAMPLES = 3;

  /** The provisional timeout: this many times the slowest success seen so far. */
  static final int PROVISIONAL_FACTOR = 10;

  private final long[] nanos = new long[SIZE];
  private int count;
  private int next;
  private long slowestNanos;
  private volatile long timeoutNanos = -1;
  private volatile long hedgeNanos = -1;

  /** Records a successful call's latency for the timeout policy. */
  void record(long latencyNanos, AdaptiveTimeout policy, Duration ceiling) {
    record(latencyNanos, policy, ceiling, null);
  }

  /** Records a successful call's latency for the timeout and hedge policies that are set. */
  synchronized void record(long latencyNanos, @Nullable AdaptiveTimeout policy, Duration ceiling, @Nullable HedgePolicy hedge) {
    long sample = Math.max(0, latencyNanos);
    nanos[next] = sample;
    next = (next + 1) % SIZE;
    count++;
    slowestNanos = Math.max(slowestNanos, sample);
    long[] sorted = null;
    if (policy != null && count >= PROVISIONAL_SAMPLES && count < policy.minSamples()) {
      // Too few answers for a quantile, but enough to know a hung call from a slow one: without
      // this, calls that hang before minSamples successes hold their slots for the whole ceiling,
      // and when every slot hangs no success ever arrives to derive a timeout from.
      timeoutNanos = Math.min(ceiling.toNanos(), Math.max(policy.floor().toNanos(), slowestNanos * PROVISIONAL_FACTOR));
    }
    if (policy != null && due(policy.minSamples())) {
      sorted = sorted();
      double derived = quantile(sorted, policy.quantile()) * policy.factor();
      timeoutNanos = (long) Math.min(ceiling.toNanos(), Math.max(policy.floor().toNanos(), derived));
    }
    if (hedge != null && due(hedge.minSamples())) {
      sorted = sorted == null ? sorted() : sorted;
      hedgeNanos = Math.max(hedge.minDelay().toNanos(), quantile(sorted, hedge.quantile()));
    }
  }

  private boolean due(int minSamples) {
    return count >= minSamples && (count == minSamples || count % REFRESH == 0);
  }

  private long[] sorted() {
    long[] sorted = Arrays.copyOf(nanos, Math.min(count, SIZE));
    Arrays.sort(sorted);
    return sorted;
  }

  private static long quantile(long[] sorted, double q) {
    int n = sorted.length;
    return sorted[(int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  }

  /** Returns how long a call runs before it is hedged, or -1 while too few calls were seen. */
  long hedgeDelayNanos() {
    return hedgeNanos;
  }

  /**
   * Returns the timeout for the next call: the ceiling for the first {@value #PROVISIONAL_SAMPLES}
   * successes, then {@value #PROVISIONAL_FACTOR} x the slowest of them until the policy has its
   * samples, then the policy's.
   */
  Duration timeout(Duration ceiling) {
    long t = timeoutNanos;
    return t < 0 ? ceiling : Duration.ofNanos(Math.min(t, ceiling.toNanos()));
  }
}
