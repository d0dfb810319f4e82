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
  /** Failures recorded so far: a success ends an outage only if none came after its round trip began. */
  private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
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
   * Returns the ticket of a round trip about to begin, for {@link #succeeded(long)}.
   *
   * @return the number of failures recorded so far
   */
  long ticket() {
    return failures.get();
  }

  /**
   * Records a successful round trip; ends an outage, unless a failure was recorded after the round
   * trip began (it answered from before the outage, which says nothing about Redis now).
   *
   * @param ticket what {@link #ticket()} returned before the round trip
   * @return whether this call ended an outage (exactly one caller sees {@code true} per outage)
   */
  boolean succeeded(long ticket) {
    if (down.get() && failures.get() == ticket && down.compareAndSet(true, false)) {
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
    failures.incrementAndGet();
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
