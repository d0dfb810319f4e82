package dev.decisionmatrix.redis;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether Redis answered lately, for callers that degrade without it: after a failure Redis is
 * skipped until a retry interval has passed, so an outage costs one timeout per interval instead
 * of one per operation. Logs one warning when an outage starts and one line when it ends.
 */
final class RedisHealth {

  private final Logger log;
  private final String what;
  private final long retryNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile long retryAt;

  RedisHealth(Logger log, String what, Duration retry, LongSupplier nanoTime) {
    this.log = log;
    this.what = what;
    this.retryNanos = retry.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether Redis should be tried now: it is up, or the retry interval has passed. */
  boolean shouldTry() {
    return !down.get() || nanoTime.getAsLong() - retryAt >= 0;
  }

  /**
   * Records a successful round trip; ends an outage.
   *
   * @return whether this call ended an outage (exactly one caller sees {@code true} per outage)
   */
  boolean succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
      log.log(Level.INFO, "Redis answers again; " + what + " uses it again");
      return true;
    }
    return false;
  }

  /**
   * Records a failed round trip; starts an outage, or extends it.
   *
   * @return whether this call started an outage (exactly one caller sees {@code true} per outage)
   */
  boolean failed(RuntimeException e) {
    retryAt = nanoTime.getAsLong() + retryNanos;
    if (down.compareAndSet(false, true)) {
      // The exception's class and message only: Jedis messages name host and port, never the password.
      log.log(Level.WARNING, "Redis is unreachable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); "
          + what + " goes on without it and tries again every " + Duration.ofNanos(retryNanos).toMillis() + " ms");
      return true;
    }
    return false;
  }

  /** The time between two attempts during an outage. */
  Duration retryInterval() {
    return Duration.ofNanos(retryNanos);
  }

  /** Whether an outage is going on. */
  boolean isDown() {
    return down.get();
  }
}
