package dev.decisionmatrix.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.CacheStats;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.report.DecisionJson;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A local cache in front of Redis. Judgments are stored under {@code <prefix>judgment:<sha-256>} as
 * JSON in the cells' shape ({@link DecisionJson#judgmentToMap}), with the time to live. {@link
 * #getAll} answers the local hits and asks Redis for the rest in one {@code MGET}; the keys Redis
 * did not have are remembered for a few seconds, so the engine's follow-up {@link #get} of each miss
 * costs no round trip. A Redis failure is a miss (reads) or a local-only store (writes); see {@link
 * RedisHealth}.
 */
final class RedisEvaluationCache implements EvaluationCache {

  private static final Logger LOG = System.getLogger(EvaluationCache.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final long ABSENT_NANOS = Duration.ofSeconds(10).toNanos();
  private static final int MGET_CHUNK = 1_000;

  private final RedisConnection redis;
  private final EvaluationCache local;
  private final long ttlMillis;
  private final RedisHealth health;
  /** Keys a recent {@link #getAll} found in neither level, with when it looked. */
  private final ConcurrentHashMap<CacheKey, Long> absent = new ConcurrentHashMap<>();

  RedisEvaluationCache(RedisConnection redis, EvaluationCache local, Duration timeToLive, Duration retry) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.local = Objects.requireNonNull(local, "local");
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("the Redis cache's time to live must be positive but was " + timeToLive);
    }
    this.ttlMillis = timeToLive.toMillis();
    this.health = new RedisHealth(LOG, "the judgment cache", retry, System::nanoTime);
  }

  private String redisKey(CacheKey key) {
    return redis.key("judgment:" + key.hex());
  }

  @Override
  public @Nullable Judgment get(CacheKey key) {
    Judgment hit = local.get(key);
    if (hit != null) {
      return hit;
    }
    Long since = absent.remove(key);
    if (since != null && System.nanoTime() - since < ABSENT_NANOS) {
      return null;
    }
    if (!health.shouldTry()) {
      return null;
    }
    String json;
    try {
      json = redis.client().get(redisKey(key));
      health.succeeded();
    } catch (JedisException e) {
      health.failed(e);
      return null;
    }
    Judgment judgment = decode(key, json);
    if (judgment != null) {
      local.put(key, judgment);
    }
    return judgment;
  }

  @Override
  public Map<CacheKey, Judgment> getAll(Collection<CacheKey> keys) {
    Map<CacheKey, Judgment> found = new HashMap<>();
    List<CacheKey> missing = new ArrayList<>();
    for (CacheKey key : keys) {
      Judgment hit = local.get(key);
      if (hit != null) {
        found.put(key, hit);
      } else {
        missing.add(key);
      }
    }
    if (missing.isEmpty() || !health.shouldTry()) {
      return found;
    }
    long now = System.nanoTime();
    if (absent.size() > 200_000) {
      absent.values().removeIf(since -> now - since >= ABSENT_NANOS);
    }
    try {
      for (int from = 0; from < missing.size(); from += MGET_CHUNK) {
        List<CacheKey> chunk = missing.subList(from, Math.min(missing.size(), from + MGET_CHUNK));
        List<String> values = redis.client().mget(chunk.stream().map(this::redisKey).toArray(String[]::new));
        for (int i = 0; i < chunk.size(); i++) {
          CacheKey key = chunk.get(i);
          Judgment judgment = decode(key, values.get(i));
          if (judgment == null) {
            absent.put(key, now);
          } else {
            local.put(key, judgment);
            found.put(key, judgment);
          }
        }
      }
      health.succeeded();
    } catch (JedisException e) {
      health.failed(e);
    }
    return found;
  }

  private static @Nullable Judgment decode(CacheKey key, @Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      Judgment judgment = DecisionJson.judgmentFromMap(JSON.readValue(json, MAP), "judgment " + key);
      return judgment instanceof Judgment.Failed ? null : judgment;
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.log(Level.WARNING, "Ignoring an unreadable judgment in Redis under key " + key + ": " + e.getMessage());
      return null;
    }
  }

  @Override
  public void put(CacheKey key, Judgment judgment) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(judgment, "judgment");
    if (judgment instanceof Judgment.Failed) {
      return;
    }
    local.put(key, judgment);
    absent.remove(key);
    if (!health.shouldTry()) {
      return;
    }
    try {
      String json = JSON.writeValueAsString(DecisionJson.judgmentToMap(judgment));
      redis.client().set(redisKey(key), json, SetParams.setParams().px(ttlMillis));
      health.succeeded();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a judgment failed to serialise", e);
    } catch (JedisException e) {
      health.failed(e);
    }
  }

  @Override
  public CacheStats stats() {
    return local.stats();
  }

  /** Drops every judgment, locally and in Redis (for this key prefix). */
  @Override
  public void invalidateAll() {
    local.invalidateAll();
    absent.clear();
    try {
      ScanParams match = new ScanParams().match(redis.key("judgment:*")).count(1_000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = redis.client().scan(cursor, match);
        if (!page.getResult().isEmpty()) {
          redis.client().del(page.getResult().toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
      health.succeeded();
    } catch (JedisException e) {
      health.failed(e);
    }
  }

  /** Whether Redis answered the last time it was asked. */
  boolean isRedisUp() {
    return !health.isDown();
  }

  @Override
  public String toString() {
    return "EvaluationCache(" + local + " then " + redis + ")";
  }
}
