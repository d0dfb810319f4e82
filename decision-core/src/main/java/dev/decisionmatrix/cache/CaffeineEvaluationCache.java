package dev.decisionmatrix.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decisionmatrix.judge.Judgment;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The default cache: bounded by entry count, entries expire a fixed time after they are written. */
final class CaffeineEvaluationCache implements EvaluationCache {

  private final Cache<CacheKey, Judgment> cache;

  CaffeineEvaluationCache(long maxEntries, Duration timeToLive) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1 but was " + maxEntries);
    }
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("timeToLive must be positive but was " + timeToLive);
    }
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(timeToLive).recordStats().build();
  }

  @Override
  public @Nullable Judgment get(CacheKey key) {
    return cache.getIfPresent(key);
  }

  @Override
  public void put(CacheKey key, Judgment judgment) {
    if (judgment instanceof Judgment.Failed) {
      return;
    }
    cache.put(key, judgment);
  }

  @Override
  public CacheStats stats() {
    var s = cache.stats();
    return new CacheStats(s.hitCount(), s.missCount(), s.evictionCount(), cache.estimatedSize());
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public String toString() {
    return "EvaluationCache.inMemory(" + cache.policy().eviction().map(e -> e.getMaximum()).orElse(-1L) + ")";
  }
}
