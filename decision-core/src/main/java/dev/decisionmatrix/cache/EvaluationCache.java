package dev.decisionmatrix.cache;

import dev.decisionmatrix.judge.Judgment;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Stores judgments by {@link CacheKey} so the same question is never asked twice. The key holds
 * everything that shapes the answer and never the criterion weight, so re-weighting and switching
 * ranking methods are free.
 *
 * <p>Only {@link Judgment.Scored} and {@link Judgment.Abstained} judgments are stored; failures
 * are never cached. Implementations must be thread-safe. The engine guards every call: a cache
 * that throws is treated as a miss and never fails an evaluation. Deduplication of concurrent
 * identical misses happens in the engine, so implementations need not do it.
 */
public interface EvaluationCache {

  /**
   * Looks a judgment up.
   *
   * @param key the judgment's key
   * @return the judgment, or {@code null} on a miss
   */
  @Nullable Judgment get(CacheKey key);

  /**
   * Stores a judgment.
   *
   * @param key the judgment's key
   * @param judgment a scored or abstained judgment
   */
  void put(CacheKey key, Judgment judgment);

  /**
   * Returns the counters since the cache was created.
   *
   * @return the counters; caches that keep none (the default) return {@link CacheStats#EMPTY}
   */
  default CacheStats stats() {
    return CacheStats.EMPTY;
  }

  /** Drops every entry. The default does nothing, for caches that hold nothing. */
  default void invalidateAll() {}

  /**
   * Returns a bounded in-memory cache on Caffeine.
   *
   * @param maxEntries most judgments held; the least valuable are evicted beyond it
   * @param timeToLive how long a judgment stays valid after it was stored
   * @return a new, empty, thread-safe cache; it silently ignores {@link Judgment.Failed} judgments
   * @throws IllegalArgumentException if maxEntries is below 1 or timeToLive is not positive
   */
  static EvaluationCache inMemory(long maxEntries, Duration timeToLive) {
    return new CaffeineEvaluationCache(maxEntries, timeToLive);
  }

  /**
   * Returns an in-memory cache of 100,000 judgments kept for 7 days: {@code inMemory(100_000,
   * Duration.ofDays(7))}.
   *
   * @return a new, empty, thread-safe cache
   */
  static EvaluationCache inMemory() {
    return inMemory(100_000, Duration.ofDays(7));
  }

  /**
   * Returns a cache that stores nothing, so every cell calls its backend every time.
   *
   * @return a shared, stateless instance: every lookup misses and {@link #stats()} is always
   *     {@link CacheStats#EMPTY}
   */
  static EvaluationCache none() {
    return NoCache.INSTANCE;
  }
}
