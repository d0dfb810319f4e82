package dev.decisionmatrix.redis;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.DecisionStoreException;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCodec;
import dev.decisionmatrix.store.SessionConflictException;
import dev.decisionmatrix.store.SessionNotFoundException;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.store.StoreUnavailableException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Sessions in Redis: one hash per session, {@code <prefix>session:<lower-case id>} with the session
 * file's JSON ({@link SessionCodec}) and a write version, and one sorted set, {@code
 * <prefix>sessions}, of the ids by last use. Every change is a compare-and-set Lua script on the
 * write version, so two instances changing one session never lose an update: the loser gets the
 * newer version from the script, applies its change again and retries, up to {@value #MAX_ATTEMPTS}
 * times before it reports a {@link SessionConflictException}. After its first lost race a writer
 * takes the session's short write lock ({@code <prefix>session-lock:<id>}, {@code SET NX PX}) for
 * its retries, so a crowd of instances queues instead of racing; writers within one instance take
 * turns on a local lock. The lock only orders writers: the compare-and-set alone keeps writes
 * correct, also when a lock expires or cannot be had.
 *
 * <p>Expiry follows the store's clock ({@link StoreOptions#clock()}), like the other stores; each
 * write also sets the hash's Redis TTL to the store's time to live, so unused sessions are
 * reclaimed by Redis even if no instance looks at them again.
 */
final class RedisDecisionStore implements DecisionStore {

  private static final Logger LOG = System.getLogger(DecisionStore.class.getName());

  static final int MAX_ATTEMPTS = 64;
  /** How long a session's write lock lives if its holder dies; a write takes a few ms. */
  private static final long LOCK_MILLIS = 2_000;
  private static final long LOCK_WAIT_NANOS = 30_000_000_000L;

  /** KEYS: lock. ARGV: token. Deletes the lock if the token still holds it. */
  private static final String RELEASE_LOCK = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0""";
  private static final long BASE_BACKOFF_NANOS = 250_000;
  private static final long MAX_BACKOFF_NANOS = 20_000_000;

  /**
   * KEYS: session, index. ARGV: expected version, json, ttl ms, score, member. 1 if written, else
   * the current {json, version} (empty if the session is gone), so a retry needs no extra read.
   */
  private static final String COMPARE_AND_SET = """
      local v = redis.call('HGET', KEYS[1], 'ver')
      if v ~= ARGV[1] then
        if not v then return {} end
        return {redis.call('HGET', KEYS[1], 'json'), v}
      end
      redis.call('HSET', KEYS[1], 'json', ARGV[2], 'ver', tostring(tonumber(v) + 1))
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
      return 1""";

  /** KEYS: session, index. ARGV: json, ttl ms, score, member. 1 if the session is new. */
  private static final String SAVE = """
      local fresh = redis.call('EXISTS', KEYS[1]) == 0
      redis.call('HSET', KEYS[1], 'json', ARGV[1])
      redis.call('HINCRBY', KEYS[1], 'ver', 1)
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
      if fresh then return 1 else return 0 end""";

  /** KEYS: session, index. ARGV: member, expected version or '' for any. 1 if deleted. */
  private static final String DELETE = """
      local v = redis.call('HGET', KEYS[1], 'ver')
      if ARGV[2] ~= '' and v ~= ARGV[2] then return 0 end
      redis.call('ZREM', KEYS[2], ARGV[1])
      return redis.call('DEL', KEYS[1])""";

  private final RedisConnection redis;
  private final StoreOptions options;
  private final long ttlMillis;
  private final String index;
  private final AtomicLong retries = new AtomicLong();
  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final Thread sweeper;
  private volatile boolean closed;

  private record Read(Session session, String version) {}

  RedisDecisionStore(RedisConnection redis, StoreOptions options) {
    this(redis, options, java.time.Duration.ofMillis(RedisJudgmentJournal.OWNER_MILLIS));
  }

  /**
   * Opens the store, folds the journals that instances which stopped left behind, and keeps folding
   * those of instances that die later, every {@code sweep}.
   */
  RedisDecisionStore(RedisConnection redis, StoreOptions options, java.time.Duration sweep) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.options = Objects.requireNonNull(options, "options");
    long ttl;
    try {
      ttl = options.ttl().toMillis();
    } catch (ArithmeticException e) {
      ttl = Long.MAX_VALUE / 4;
    }
    this.ttlMillis = ttl;
    this.index = redis.key("sessions");
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
    sweepJournals();
    long sweepNanos = sweep.toNanos();
    this.sweeper = Thread.ofVirtual().name("redis-journal-sweep").start(() -> {
      while (!closed && !redis.isClosed()) {
        LockSupport.parkNanos(sweepNanos);
        if (!closed && !redis.isClosed()) {
          sweepJournals();
        }
      }
    });
  }

  /** Folds journals of dead instances; an unreachable Redis is tried again at the next sweep. */
  private void sweepJournals() {
    try {
      recoverJournals();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Folding the judgment journals of stopped instances failed; tried again later: {0}", e.toString());
    }
  }

  /** Stops folding journals; the connection stays open (its owner closes it). */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(sweeper);
  }

  private static String member(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  private String sessionKey(String member) {
    return redis.key("session:" + member);
  }

  private Instant now() {
    return options.clock().instant();
  }

  private boolean expired(Session session, Instant now) {
    return !now.isBefore(session.lastUsedAt().plus(options.ttl()));
  }

  /** The version a failed compare-and-set returned, or {@code null} if the session is gone or expired. */
  private @Nullable Read newer(String member, @Nullable Object reply) {
    if (!(reply instanceof List<?> fields) || fields.size() < 2 || fields.get(0) == null) {
      return null;
    }
    Session session = decode(member, String.valueOf(fields.get(0)));
    if (session == null || expired(session, now())) {
      return read(member);
    }
    return new Read(session, String.valueOf(fields.get(1)));
  }

  /** Reads a live session, or {@code null}; deletes it if it expired. */
  private @Nullable Read read(String member) {
    List<String> fields = call(() -> redis.client().hmget(sessionKey(member), "json", "ver"));
    String json = fields.get(0);
    String version = fields.get(1);
    if (json == null || version == null) {
      return null;
    }
    Session session = decode(member, json);
    if (session == null) {
      return null;
    }
    if (expired(session, now())) {
      call(() -> redis.client().eval(DELETE, List.of(sessionKey(member), index), List.of(member, version)));
      return null;
    }
    return new Read(session, version);
  }

  private static @Nullable Session decode(String member, String json) {
    try {
      return SessionCodec.fromJson(json);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Skipping the unreadable session \"" + member + "\" in Redis: " + e.getMessage());
      return null;
    }
  }

  @Override
  public Optional<Session> get(String id) {
    Session.requireValidId(id);
    Read read = read(member(id));
    return read == null ? Optional.empty() : Optional.of(read.session());
  }

  @Override
  public Session save(Session session) {
    Objects.requireNonNull(session, "session");
    String member = member(session.id());
    Object fresh = call(() -> redis.client().eval(SAVE, List.of(sessionKey(member), index),
        List.of(SessionCodec.toJson(session), Long.toString(ttlMillis), Long.toString(session.lastUsedAt().toEpochMilli()), member)));
    if (Long.valueOf(1).equals(fresh)) {
      evictBeyondLimit(member);
    }
    return session;
  }

  private void evictBeyondLimit(String keep) {
    long count = call(() -> redis.client().zcard(index));
    long excess = count - options.maxSessions();
    if (excess <= 0) {
      return;
    }
    List<String> oldest = call(() -> redis.client().zrange(index, 0, excess));
    int evicted = 0;
    for (String member : oldest) {
      if (evicted < excess && !member.equals(keep)) {
        call(() -> redis.client().eval(DELETE, List.of(sessionKey(member), index), List.of(member, "")));
        evicted++;
      }
    }
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    Session.requireValidId(id);
    Objects.requireNonNull(change, "change");
    String member = member(id);
    // Writers in this instance take turns (no round trips lost to conflicts among themselves); the
    // compare-and-set below settles races with other instances.
    ReentrantLock lock = stripes[Math.floorMod(member.hashCode(), stripes.length)];
    lock.lock();
    try {
      return updateLocked(id, member, change);
    } finally {
      lock.unlock();
    }
  }

  private Session updateLocked(String id, String member, UnaryOperator<Session> change) {
    long firstRevision = -1;
    long lastRevision = -1;
    Read current = read(member);
    String lockKey = redis.key("session-lock:" + member);
    String token = null;
    try {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (current == null) {
        throw new SessionNotFoundException(id, options.ttl());
      }
      lastRevision = current.session().revision();
      if (firstRevision < 0) {
        firstRevision = lastRevision;
      }
      Session changed = change.apply(current.session());
      if (changed == null) {
        throw new IllegalArgumentException("the change to session \"" + id + "\" returned null; return the session");
      }
      if (!changed.id().equals(current.session().id())) {
        throw new IllegalArgumentException(
            "the change to session \"" + id + "\" returned a session with another id (\"" + changed.id() + "\"); keep the id");
      }
      if (!Objects.equals(changed.owner(), current.session().owner())) {
        throw new IllegalArgumentException("the change to session \"" + id + "\" returned a session with another owner; keep the owner");
      }
      Instant now = now();
      Session touched = new Session(changed.id(), changed.decision(), changed.evaluation(), changed.settings(), changed.createdAt(), now,
          current.session().revision() + 1, changed.owner());
      String expected = current.version();
      Object written = call(() -> redis.client().eval(COMPARE_AND_SET, List.of(sessionKey(member), index),
          List.of(expected, SessionCodec.toJson(touched), Long.toString(ttlMillis), Long.toString(now.toEpochMilli()), member)));
      if (Long.valueOf(1).equals(written)) {
        return touched;
      }
      retries.incrementAndGet();
      if (token == null) {
        // Another instance wrote first: from now on, take turns with the other writers of this
        // session on a short lock, so a crowd of instances queues instead of racing.
        token = UUID.randomUUID().toString();
        if (!takeWriteLock(lockKey, token)) {
          token = null;
        }
        current = read(member);
      } else {
        current = newer(member, written);
        long ceiling = Math.min(MAX_BACKOFF_NANOS, BASE_BACKOFF_NANOS << Math.min(attempt, 16));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
      }
    }
    throw new SessionConflictException(id, firstRevision, lastRevision);
    } finally {
      if (token != null) {
        String held = token;
        call(() -> redis.client().eval(RELEASE_LOCK, List.of(lockKey), List.of(held)));
      }
    }
  }

  /**
   * Waits for a session's write lock, with a backoff from 0.25 to 20 ms (full jitter); gives up
   * after {@link #LOCK_WAIT_NANOS}, when the compare-and-set alone goes on protecting the writes.
   */
  private boolean takeWriteLock(String lockKey, String token) {
    long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
    SetParams params = SetParams.setParams().nx().px(LOCK_MILLIS);
    for (int attempt = 1; System.nanoTime() - deadline < 0; attempt++) {
      if ("OK".equals(call(() -> redis.client().set(lockKey, token, params)))) {
        return true;
      }
      long ceiling = Math.min(MAX_BACKOFF_NANOS, BASE_BACKOFF_NANOS << Math.min(attempt, 16));
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
    }
    return false;
  }

  /** How many writes lost a race and were re-applied, since the store opened. */
  long retries() {
    return retries.get();
  }

  @Override
  public JudgmentJournal journal(String id, Decision decision) {
    Session.requireValidId(id);
    Objects.requireNonNull(decision, "decision");
    return new RedisJudgmentJournal(redis, member(id), decision, ttlMillis);
  }

  /**
   * Folds the journals of evaluations whose instance died into their sessions, with the rules of
   * {@link Session#merge}; a journal whose owner is alive is left alone.
   *
   * @return how many journals were folded
   */
  int recoverJournals() {
    return RedisJudgmentJournal.recover(redis, this, now());
  }

  @Override
  public boolean delete(String id) {
    Session.requireValidId(id);
    String member = member(id);
    Read current = read(member);
    if (current == null) {
      return false;
    }
    Object deleted = call(() -> redis.client().eval(DELETE, List.of(sessionKey(member), index), List.of(member, "")));
    return Long.valueOf(1).equals(deleted);
  }

  @Override
  @SuppressWarnings("deprecation") // zrevrange: the plain form of ZRANGE REV, still supported
  public List<Session> list() {
    List<String> members = call(() -> redis.client().zrevrange(index, 0, -1));
    List<Session> live = new ArrayList<>();
    for (String member : members) {
      Read read = read(member);
      if (read == null) {
        call(() -> redis.client().eval("if redis.call('EXISTS', KEYS[1]) == 0 then return redis.call('ZREM', KEYS[2], ARGV[1]) end return 0",
            List.of(sessionKey(member), index), List.of(member)));
      } else {
        live.add(read.session());
      }
    }
    live.sort((a, b) -> b.lastUsedAt().compareTo(a.lastUsedAt()));
    return live;
  }

  @Override
  public Optional<Session> mostRecent() {
    return list().stream().findFirst();
  }

  @Override
  public int clear() {
    int live = 0;
    for (String member : call(() -> redis.client().zrange(index, 0, -1))) {
      if (read(member) != null) {
        live++;
      }
      call(() -> redis.client().eval(DELETE, List.of(sessionKey(member), index), List.of(member, "")));
    }
    return live;
  }

  /** Runs one Redis operation; an unreachable Redis becomes a {@link DecisionStoreException}. */
  private <T> T call(RedisCall<T> operation) {
    try {
      return operation.run();
    } catch (JedisException e) {
      throw new StoreUnavailableException("the session store " + redis + " is unreachable (" + e.getClass().getSimpleName()
          + "); check that Redis runs and DECISION_MATRIX_REDIS_URL points at it", e);
    }
  }

  @FunctionalInterface
  interface RedisCall<T> {
    T run();
  }

  @Override
  public String toString() {
    return "DecisionStore(" + redis + ")";
  }
}
