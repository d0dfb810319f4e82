package dev.decisionmatrix.store;

import java.time.Duration;
import java.time.InstantSource;

/**
 * How a {@link DecisionStore} keeps sessions: how long an unused session lives, how many sessions
 * it holds at most, and which clock tells the time. Immutable and thread-safe.
 *
 * @param ttl how long a session lives without being used (saved or updated); positive
 * @param maxSessions the most sessions the store holds; saving a new session beyond it evicts the
 *     least recently used one; at least 1
 * @param clock the source of "now" for timestamps and expiry (tests pass a fake one)
 */
public record StoreOptions(Duration ttl, int maxSessions, InstantSource clock) {

  /** Default time to live of an unused session: 30 days. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(30);

  /** Default largest number of sessions: 1,000. */
  public static final int DEFAULT_MAX_SESSIONS = 1_000;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if the ttl is missing, zero or negative, {@code maxSessions}
   *     is below 1, or the clock is missing
   */
  public StoreOptions {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be a positive duration but was " + ttl);
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1 but was " + maxSessions);
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null; use InstantSource.system()");
    }
  }

  /**
   * Returns the defaults: sessions live 30 days without use, at most 1,000 of them, system clock.
   *
   * @return the default options
   */
  public static StoreOptions defaults() {
    return new StoreOptions(DEFAULT_TTL, DEFAULT_MAX_SESSIONS, InstantSource.system());
  }

  /**
   * Returns a copy with another time to live.
   *
   * @param value a positive duration
   * @return the copy
   * @throws IllegalArgumentException if the duration is not positive
   */
  public StoreOptions withTtl(Duration value) {
    return new StoreOptions(value, maxSessions, clock);
  }

  /**
   * Returns a copy with another session limit.
   *
   * @param value at least 1
   * @return the copy
   * @throws IllegalArgumentException if the value is below 1
   */
  public StoreOptions withMaxSessions(int value) {
    return new StoreOptions(ttl, value, clock);
  }

  /**
   * Returns a copy with another clock.
   *
   * @param value the clock
   * @return the copy
   * @throws IllegalArgumentException if the clock is {@code null}
   */
  public StoreOptions withClock(InstantSource value) {
    return new StoreOptions(ttl, maxSessions, value);
  }
}
