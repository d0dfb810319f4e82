package dev.decisionmatrix.engine;

/**
 * Concurrency limit for one backend: a cautious start that probes upwards while the provider keeps
 * up, then additive increase and multiplicative decrease. Not thread-safe: the {@link Dispatcher}
 * guards it with its lock.
 *
 * <p><b>Probing.</b> A limit that starts below its ceiling grows by one slot per success (so it
 * doubles about every round of calls, like TCP's slow start) as long as the backend was saturated
 * and answers as fast as it did at the start: the median latency of the last {@value #WINDOW}
 * calls within {@value #LATENCY_TOLERANCE} times the lowest such median seen (a median, so one
 * long answer among quick ones changes nothing). Probing ends for good at the first back-pressure,
 * at the first sign of queuing (the median above that bound), or at the ceiling.
 *
 * <p><b>Afterwards.</b> On back-pressure (rate limited, overloaded) the limit shrinks by {@code
 * decrease}, at most once per "epoch": calls that started before the last decrease carry an older
 * epoch and do not shrink it again, so one burst of rejections counts once. A success grows the
 * limit by {@code 1/limit}, about one slot per round of calls, back up to the ceiling, but only
 * when the backend was saturated (its calls in flight had reached the limit: a limit never climbs
 * above the concurrency the backend was actually tried at) and its median latency is within the
 * same bound (more calls in flight would only wait in the provider's queue).
 */
final class AdaptiveLimit {

  /** How much slower than its best the backend may answer while the limit still probes upwards. */
  static final double LATENCY_TOLERANCE = 1.5;

  /** How many recent latencies the median is taken over. */
  static final int WINDOW = 8;

  /** How many latencies a median needs before it counts. */
  private static final int MIN_SAMPLES = 3;

  private final int min;
  private final int max;
  private final double decrease;
  private double limit;
  private long epoch;
  private boolean probing;
  private final long[] recent = new long[WINDOW];
  private final long[] sorted = new long[WINDOW];
  private int samples;
  private long bestMedianNanos = Long.MAX_VALUE;

  AdaptiveLimit(int min, int initial, int max, double decrease) {
    this.min = min;
    this.max = max;
    this.decrease = decrease;
    this.limit = Math.max(min, Math.min(initial, max));
    this.probing = limit < max;
  }

  AdaptiveLimit(int min, int max, double decrease) {
    this(min, max, max, decrease);
  }

  int current() {
    return (int) limit;
  }

  long epoch() {
    return epoch;
  }

  /** Returns whether the limit still probes upwards from its cautious start. */
  boolean probing() {
    return probing;
  }

  /**
   * Records a success.
   *
   * @param saturated whether the backend's calls in flight had reached the limit when it ended
   * @param latencyNanos how long the call took, or a negative number if unknown (a hedge)
   */
  void onSuccess(boolean saturated, long latencyNanos) {
    boolean queuing = false;
    if (latencyNanos >= 0) {
      recent[samples++ % WINDOW] = latencyNanos;
      if (samples >= MIN_SAMPLES) {
        long median = median();
        bestMedianNanos = Math.min(bestMedianNanos, median);
        queuing = median > LATENCY_TOLERANCE * bestMedianNanos;
      }
    }
    if (probing) {
      if (queuing) {
        probing = false; // the provider started queuing our calls: this is about its capacity
      } else if (saturated && latencyNanos >= 0) {
        limit = Math.min(max, limit + 1);
        probing = limit < max;
      }
      return;
    }
    // Growing while answers slow down would only queue more calls at the provider.
    if (saturated && !queuing && limit < max) {
      limit = Math.min(max, limit + 1.0 / limit);
    }
  }

  /** The median of the recent latencies, sorted in a scratch array: no allocation per call. */
  private long median() {
    int size = Math.min(samples, WINDOW);
    System.arraycopy(recent, 0, sorted, 0, size);
    java.util.Arrays.sort(sorted, 0, size);
    return sorted[size / 2];
  }

  /** Returns whether the limit shrank. */
  boolean onBackpressure(long callEpoch) {
    probing = false;
    if (callEpoch != epoch) {
      return false;
    }
    limit = Math.max(min, Math.floor(limit * decrease));
    epoch++;
    return true;
  }
}
