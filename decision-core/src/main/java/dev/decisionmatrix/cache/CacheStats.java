package dev.decisionmatrix.cache;

/**
 * Counters of a cache since it was created.
 *
 * @param hits lookups that found a judgment
 * @param misses lookups that found none
 * @param evictions entries dropped for size or age
 * @param size entries held now (an estimate for some caches)
 */
public record CacheStats(long hits, long misses, long evictions, long size) {

  /** No activity. */
  public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0);

  /**
   * Returns the share of lookups that found a judgment.
   *
   * @return hits / (hits + misses) in 0..1, or 0 before the first lookup
   */
  public double hitRatio() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }
}
