package dev.decisionmatrix.redis;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.CellLeases;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Leases per question in Redis, {@code <prefix>lease:<sha-256>} with a random token as its value:
 * taken with {@code SET NX PX}, renewed by one background thread every third of the lease time
 * (a single pipelined round trip for every lease the instance holds), and deleted when the call is
 * over, after its judgment was written under the cache's key. An engine that finds the lease taken
 * polls, with a backoff from 2 to 50 ms, until the judgment appears (it is answered) or the lease
 * is gone (it takes the lease and calls). A dead holder stops renewing, so its lease expires
 * within the lease time. Taking, answering and polling are one Lua script, one round trip.
 *
 * <p>If Redis fails, the lease is held locally: the engine calls, as it would without sharing.
 */
final class RedisCellLeases implements CellLeases {

  private static final Logger LOG = System.getLogger(CellLeases.class.getName());
  private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** KEYS: lease, judgment. ARGV: token, lease ms. {1, json} answered, {2} taken, {0} busy. */
  private static final String ACQUIRE = """
      local j = redis.call('GET', KEYS[2])
      if j then return {1, j} end
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2, ''} end
      return {0, ''}""";

  /** KEYS: lease. ARGV: token, lease ms. Renews the lease if this token still holds it. */
  private static final String RENEW = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return 0""";

  /** KEYS: lease, judgment. ARGV: token, json ('' for none), judgment ttl ms. */
  private static final String RELEASE = """
      if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0""";

  private final RedisConnection redis;
  private final long judgmentTtlMillis;
  private final long leaseMillis;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong counter = new AtomicLong();
  /** The leases this instance holds: lease key to token. */
  private final Map<String, String> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService renewer;
  private final AtomicLong answered = new AtomicLong();

  RedisCellLeases(RedisConnection redis, long judgmentTtlMillis, long leaseMillis) {
    this.redis = redis;
    this.judgmentTtlMillis = judgmentTtlMillis;
    this.leaseMillis = leaseMillis;
    this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("redis-lease-renewer").factory());
    long period = Math.max(1, leaseMillis / 3);
    renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    if (redis.isClosed()) {
      renewer.shutdown(); // a closed pool renews nothing: its leases expire, as a dead instance's do
      return;
    }
    if (held.isEmpty()) {
      return;
    }
    try (AbstractPipeline pipeline = redis.client().pipelined()) {
      for (Map.Entry<String, String> lease : held.entrySet()) {
        pipeline.eval(RENEW, List.of(lease.getKey()), List.of(lease.getValue(), Long.toString(leaseMillis)));
      }
      pipeline.sync();
    } catch (JedisException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "Renewing the cell leases failed: {0}", e.toString());
    }
  }

  @Override
  public Lease acquire(CacheKey key) {
    String leaseKey = redis.key("lease:" + key.hex());
    String judgmentKey = redis.key("judgment:" + key.hex());
    String token = instance + ":" + counter.incrementAndGet();
    long pause = MIN_POLL_NANOS;
    while (true) {
      List<?> reply;
      try {
        reply = (List<?>) redis.client().eval(ACQUIRE, List.of(leaseKey, judgmentKey), List.of(token, Long.toString(leaseMillis)));
      } catch (JedisException | IllegalStateException e) {
        LOG.log(Level.DEBUG, "Taking the lease of {0} failed, calling without it: {1}", key, e.toString());
        return CellLeases.none().acquire(key);
      }
      long state = (Long) reply.get(0);
      if (state == 1) {
        Judgment judgment = RedisEvaluationCache.decode(key, String.valueOf(reply.get(1)));
        if (judgment != null) {
          answered.incrementAndGet();
          return new Answered(judgment);
        }
        // An unreadable value: take the lease by force of its absence, call, and overwrite it.
        return new Held(leaseKey, judgmentKey, token);
      }
      if (state == 2) {
        held.put(leaseKey, token);
        return new Held(leaseKey, judgmentKey, token);
      }
      LockSupport.parkNanos(pause);
      if (Thread.interrupted()) {
        throw new LlmException(LlmErrorKind.CANCELLED, "the evaluation was cancelled while another instance judged this cell");
      }
      pause = Math.min(MAX_POLL_NANOS, pause * 2);
    }
  }

  /** How many questions another instance answered, since this instance started. */
  long answeredByOthers() {
    return answered.get();
  }

  private record Answered(Judgment answer) implements Lease {
    @Override
    public void publish(Judgment judgment) {}

    @Override
    public void close() {}
  }

  private final class Held implements Lease {
    private final String leaseKey;
    private final String judgmentKey;
    private final String token;
    private @Nullable String json;

    Held(String leaseKey, String judgmentKey, String token) {
      this.leaseKey = leaseKey;
      this.judgmentKey = judgmentKey;
      this.token = token;
    }

    @Override
    public @Nullable Judgment answer() {
      return null;
    }

    @Override
    public void publish(Judgment judgment) {
      if (!(judgment instanceof Judgment.Failed)) {
        json = RedisEvaluationCache.json(judgment);
      }
    }

    @Override
    public void close() {
      held.remove(leaseKey, token);
      try {
        redis.client().eval(RELEASE, List.of(leaseKey, judgmentKey),
            List.of(token, json == null ? "" : json, Long.toString(judgmentTtlMillis)));
      } catch (JedisException | IllegalStateException e) {
        LOG.log(Level.DEBUG, "Releasing a cell lease failed; it expires by itself: {0}", e.toString());
      }
    }
  }
}
