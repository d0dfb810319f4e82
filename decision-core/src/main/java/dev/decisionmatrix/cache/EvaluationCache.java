package dev.decisionmatrix.cache;

import dev.decisionmatrix.judge.Judgment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
   * Looks many judgments up at once; the engine calls it once per evaluation with every key the
   * evaluation may read, so a remote cache can answer a whole matrix in one round trip. The default
   * calls {@link #get} for each key.
   *
   * @param keys the keys to look up
   * @return the judgments found, by key; keys that missed are absent
   */
  default Map<CacheKey, Judgment> getAll(Collection<CacheKey> keys) {
    Map<CacheKey, Judgment> found = new HashMap<>();
    for (CacheKey key : keys) {
      Judgment judgment = get(key);
      if (judgment != null) {
        found.put(key, judgment);
      }
    }
    return found;
  }

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
   * Returns a cache that keeps its judgments in a directory, so that a restarted process finds the
   * answers it already paid for: a bounded in-memory Caffeine layer (the same as {@link
   * #inMemory(long, Duration)}) in front of one file, {@code judgments.mv}, an embedded H2 MVStore.
   *
   * <p>The file is read whole when the cache opens, on a thread of its own: this method returns at
   * once and every operation waits until the file is read (about a second per 100,000 judgments on
   * two cores), after which a lookup never touches the disk. A put costs a queue offer: a background thread writes the judgments, and they are committed in groups within
   * a fifth of a second, so a killed process loses at most that last moment. Judgments are stored
   * as JSON in the shape the reports and session files use ({@link
   * dev.decisionmatrix.report.DecisionJson#judgmentToMap}). The time to live counts from when a
   * judgment was first stored, across restarts; expired and evicted judgments are deleted from the
   * file too, which compacts itself.
   *
   * <p>Storage problems never fail the caller. A file that cannot be read is moved aside ({@code
   * judgments.mv.corrupt}) with one warning and the cache starts empty. If the directory cannot be
   * used (it cannot be created, another process holds the file, a newer version wrote it) or a
   * write fails later, the cache logs one warning and goes on in memory only ({@link
   * PersistentEvaluationCache#isPersistent()} says which). So a second server on the same data
   * directory caches in memory instead of corrupting the first one's file. Close the cache when
   * done, to write what is pending and release the file.
   *
   * @param directory where the file lives; created (owner-only) if it does not exist
   * @param maxEntries most judgments held, in memory and in the file
   * @param timeToLive how long a judgment stays valid after it was first stored
   * @return a new thread-safe cache holding the live judgments of the directory; it silently ignores
   *     {@link Judgment.Failed} judgments
   * @throws IllegalArgumentException if maxEntries is below 1 or timeToLive is not positive
   */
  static PersistentEvaluationCache persistent(Path directory, long maxEntries, Duration timeToLive) {
    return new PersistentCaffeineCache(directory, maxEntries, timeToLive, InstantSource.system());
  }

  /**
   * Returns a persistent cache of 100,000 judgments kept for 7 days: {@code persistent(directory,
   * 100_000, Duration.ofDays(7))}.
   *
   * @param directory where the file lives; created (owner-only) if it does not exist
   * @return a new thread-safe cache holding the live judgments of the directory
   */
  static PersistentEvaluationCache persistent(Path directory) {
    return persistent(directory, 100_000, Duration.ofDays(7));
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
