package dev.decisionmatrix.cache;

import dev.decisionmatrix.judge.Judgment;
import org.jspecify.annotations.Nullable;

/** A cache that remembers nothing. */
enum NoCache implements EvaluationCache {
  INSTANCE;

  @Override
  public @Nullable Judgment get(CacheKey key) {
    return null;
  }

  @Override
  public void put(CacheKey key, Judgment judgment) {}

  @Override
  public String toString() {
    return "EvaluationCache.none()";
  }
}
