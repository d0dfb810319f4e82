package dev.decisionmatrix.engine;

/**
 * Additive-increase, multiplicative-decrease concurrency limit for one backend. Not thread-safe:
 * the {@link Dispatcher} guards it with its lock.
 *
 * <p>On back-pressure (rate limited, overloaded) the limit shrinks by {@code decrease}, at most once
 * per "epoch": calls that started before the last decrease carry an older epoch and do not shrink
 * it again, so one burst of rejections counts once. A success grows the limit by {@code 1/limit},
 * about one slot per round of calls, back up to the configured maximum, but only when the backend
 * was saturated (its calls in flight had reached the limit): a limit never climbs above the
 * concurrency the backend was actually tried at.
 */
final class AdaptiveLimit {
  private final int min;
  private final int max;
  private final double decrease;
  private double limit;
  private long epoch;

  AdaptiveLimit(int min, int max, double decrease) {
    this.min = min;
    this.max = max;
    this.decrease = decrease;
    this.limit = max;
  }

  int current() {
    return (int) limit;
  }

  long epoch() {
    return epoch;
  }

  /**
   * Records a success.
   *
   * @param saturated whether the backend's calls in flight had reached the limit when it ended
   */
  void onSuccess(boolean saturated) {
    if (saturated && limit < max) {
      limit = Math.min(max, limit + 1.0 / limit);
    }
  }

  /** Returns whether the limit shrank. */
  boolean onBackpressure(long callEpoch) {
    if (callEpoch != epoch) {
      return false;
    }
    limit = Math.max(min, Math.floor(limit * decrease));
    epoch++;
    return true;
  }
}
