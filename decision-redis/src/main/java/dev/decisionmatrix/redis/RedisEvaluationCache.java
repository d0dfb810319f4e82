package dev.decisionmatrix.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.CacheStats;
import dev.decisionmatrix.cache.CellLeases;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.report.DecisionJson;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A local cache in front of Redis. Judgments are stored under {@code <prefix>judgment:<sha-256>} as
 * JSON in the cells' shape ({@link DecisionJson#judgmentToMap}), with the time to live. {@link
 * #getAll} answers the local hits and asks Redis for the rest in one pipelined round trip; the keys
 * Redis did not have are remembered for a few seconds, so the engine's follow-up {@link #get} of
 * each miss costs no round trip. A Redis failure is a miss (reads) or a local-only store (writes);
 * see {@link RedisHealth}.
 *
 * <p><b>Recovery.</b> When an outage starts, a probe thread pings Redis every retry interval, so
 * the cache notices Redis is back even when nothing asks it. The judgments most recently stored
 * through this cache (up to {@value #REPLAY_LIMIT}) are then written to Redis again, without
 * overwriting newer ones: what was judged during the outage, and what a restarted Redis without
 * persistence lost, is shared again.
 */
final class RedisEvaluationCache implements EvaluationCache, CellLeases {

  private static final Logger LOG = System.getLogger(EvaluationCache.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final long ABSENT_NANOS = Duration.ofSeconds(10).toNanos();
  private static final int MGET_CHUNK = 1_000;
  static final int REPLAY_LIMIT = 100_000;
  /** How long a cell lease lives without renewal: how soon another instance takes over from a dead one. */
  static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  private final RedisConnection redis;
  private final EvaluationCache local;
  private final long ttlMillis;
  private final RedisHealth health;
  /** Keys a recent {@link #getAll} found in neither level, with when it looked. */
  private final ConcurrentHashMap<CacheKey, Long> absent = new ConcurrentHashMap<>();
  /** The judgments stored most recently, oldest first, to write again after an outage. */
  private final Map<CacheKey, Judgment> recent = new LinkedHashMap<>(1_024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CacheKey, Judgment> eldest) {
      return size() > REPLAY_LIMIT;
    }
  };
  private final AtomicLong redisHits = new AtomicLong();
  private volatile CompletableFuture<Integer> recovery = new CompletableFuture<>();
  private final RedisCellLeases leases;

  RedisEvaluationCache(RedisConnection redis, EvaluationCache local, Duration timeToLive, Duration retry) {
    this(redis, local, timeToLive, retry, DEFAULT_LEASE);
  }

  RedisEvaluationCache(RedisConnection redis, EvaluationCache local, Duration timeToLive, Duration retry, Duration lease) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.local = Objects.requireNonNull(local, "local");
    if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("the Redis cache's time to live must be positive but was " + timeToLive);
    }
    this.ttlMillis = timeToLive.toMillis();
    this.health = new RedisHealth(LOG, "the judgment cache", retry, System::nanoTime);
    this.leases = new RedisCellLeases(redis, ttlMillis, lease.toMillis());
  }

  /**
   * Takes the question's lease in Redis, or waits for the instance that holds it; during an outage
   * the lease is held locally at once. See {@link RedisCellLeases}.
   */
  @Override
  public Lease acquire(CacheKey key) {
    return !health.isDown() ? leases.acquire(key) : CellLeases.none().acquire(key);
  }

  RedisCellLeases leases() {
    return leases;
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
    long ticket = health.ticket();
    try {
      json = redis.client().get(redisKey(key));
      succeeded(ticket);
    } catch (JedisException e) {
      failed(e);
      return null;
    }
    Judgment judgment = decode(key, json);
    if (judgment != null) {
      redisHits.incrementAndGet();
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
    long ticket = health.ticket();
    try {
      List<Response<List<String>>> answers = new ArrayList<>();
      try (AbstractPipeline pipeline = redis.client().pipelined()) {
        for (int from = 0; from < missing.size(); from += MGET_CHUNK) {
          List<CacheKey> chunk = missing.subList(from, Math.min(missing.size(), from + MGET_CHUNK));
          answers.add(pipeline.mget(chunk.stream().map(this::redisKey).toArray(String[]::new)));
        }
        pipeline.sync();
      }
      for (int c = 0; c < answers.size(); c++) {
        List<String> values = answers.get(c).get();
        for (int i = 0; i < values.size(); i++) {
          CacheKey key = missing.get(c * MGET_CHUNK + i);
          Judgment judgment = decode(key, values.get(i));
          if (judgment == null) {
            absent.put(key, now);
          } else {
            redisHits.incrementAndGet();
            local.put(key, judgment);
            found.put(key, judgment);
          }
        }
      }
      succeeded(ticket);
    } catch (JedisException e) {
      failed(e);
    }
    return found;
  }

  private void succeeded(long ticket) {
    if (health.succeeded(ticket)) {
      replay();
    }
  }

  private void failed(JedisException e) {
    if (health.failed(e)) {
      Thread.ofVirtual().name("redis-cache-probe").start(this::probe);
    }
  }

  /** Pings Redis every retry interval during an outage, until it answers or the pool is closed. */
  private void probe() {
    while (health.isDown() && !redis.isClosed()) {
      LockSupport.parkNanos(health.retryInterval().toNanos());
      long ticket = health.ticket();
      try {
        if ("PONG".equalsIgnoreCase(redis.client().ping())) {
          succeeded(ticket);
        }
      } catch (JedisException e) {
        health.failed(e);
      }
    }
  }

  /** Writes the recent judgments to Redis again after an outage, never over a newer value. */
  private void replay() {
    CompletableFuture<Integer> done = recovery;
    recovery = new CompletableFuture<>();
    List<Map.Entry<CacheKey, Judgment>> entries;
    synchronized (recent) {
      entries = new ArrayList<>(recent.entrySet());
    }
    try (AbstractPipeline pipeline = redis.client().pipelined()) {
      SetParams params = SetParams.setParams().px(ttlMillis).nx();
      for (Map.Entry<CacheKey, Judgment> entry : entries) {
        pipeline.set(redisKey(entry.getKey()), json(entry.getValue()), params);
      }
      pipeline.sync();
      LOG.log(Level.INFO, "Wrote " + entries.size() + " recent judgment(s) to Redis again after the outage");
      done.complete(entries.size());
    } catch (JedisException e) {
      done.complete(0);
      failed(e);
    }
  }

  /**
   * Completes when the cache next recovers from an outage and has written its recent judgments to
   * Redis again; for tests.
   */
  CompletableFuture<Integer> nextRecovery() {
    return recovery;
  }

  static @Nullable Judgment decode(CacheKey key, @Nullable String json) {
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
    synchronized (recent) {
      recent.put(key, judgment);
    }
    if (!health.shouldTry()) {
      return;
    }
    long ticket = health.ticket();
    try {
      redis.client().set(redisKey(key), json(judgment), SetParams.setParams().px(ttlMillis));
      succeeded(ticket);
    } catch (JedisException e) {
      failed(e);
    }
  }

  static String json(Judgment judgment) {
    try {
      return JSON.writeValueAsString(DecisionJson.judgmentToMap(judgment));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a judgment failed to serialise", e);
    }
  }

  /** The local cache's counters, with judgments Redis supplied counted as hits instead of misses. */
  @Override
  public CacheStats stats() {
    CacheStats first = local.stats();
    long fromRedis = Math.min(redisHits.get(), first.misses());
    return new CacheStats(first.hits() + fromRedis, first.misses() - fromRedis, first.evictions(), first.size());
  }

  /** Drops every judgment, locally and in Redis (for this key prefix). */
  @Override
  public void invalidateAll() {
    local.invalidateAll();
    absent.clear();
    synchronized (recent) {
      recent.clear();
    }
    long ticket = health.ticket();
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
      succeeded(ticket);
    } catch (JedisException e) {
      failed(e);
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
