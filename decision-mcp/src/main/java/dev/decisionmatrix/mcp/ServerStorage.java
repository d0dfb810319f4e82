package dev.decisionmatrix.mcp;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.mcp.http.Readiness;
import dev.decisionmatrix.redis.RedisConnection;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.DecisionStoreException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the server keeps sessions and judgments, chosen by the options: with a Redis URL, sessions
 * in Redis ({@link RedisConnection#store}, whose evaluations journal their judgments there too)
 * and judgments in memory then Redis ({@link RedisConnection#cache}), so several instances share
 * both; otherwise session files in the data directory (or memory) and a persistent or in-memory
 * judgment cache. Also knows whether those answer, for {@code /readyz}.
 */
final class ServerStorage implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ServerStorage.class.getName());

  private final DecisionStore store;
  private final EvaluationCache cache;
  private final Readiness readiness;
  private final @Nullable RedisConnection redis;

  private ServerStorage(DecisionStore store, EvaluationCache cache, Readiness readiness, @Nullable RedisConnection redis) {
    this.store = store;
    this.cache = cache;
    this.readiness = readiness;
    this.redis = redis;
  }

  /**
   * Opens the store and cache the options ask for.
   *
   * @param options the server's options
   * @return the storage
   * @throws UsageException if Redis cannot be used or the session directory is not usable; the
   *     message is one line, names the URL without its password, and says how to fix it
   */
  static ServerStorage open(ServerOptions options) {
    String url = options.redisUrl();
    return url == null ? local(options) : redis(options, url);
  }

  private static ServerStorage redis(ServerOptions options, String url) {
    RedisConnection redis;
    try {
      redis = RedisConnection.open(url);
    } catch (IllegalArgumentException e) {
      // RedisConnection's messages never show the password.
      throw new UsageException("DECISION_MATRIX_REDIS_URL (or --redis-url) is not usable: " + e.getMessage());
    }
    if (!redis.ping()) {
      redis.close();
      throw new UsageException("cannot reach " + redis + ": start Redis there, or point DECISION_MATRIX_REDIS_URL (or --redis-url) at a"
          + " running server with the right password and database (rediss:// for TLS)");
    }
    LOG.log(Level.INFO, "Sessions and judgments are shared through " + redis);
    EvaluationCache cache = redis.cache(EvaluationCache.inMemory(), options.sessionTtl());
    Readiness readiness = () -> redis.ping() ? null : "Redis does not answer";
    return new ServerStorage(redis.store(options.storeOptions()), cache, readiness, redis);
  }

  private static ServerStorage local(ServerOptions options) {
    Path dir = options.dataDir();
    DecisionStore store;
    try {
      store = dir == null ? DecisionStore.inMemory(options.storeOptions()) : DecisionStore.files(dir, options.storeOptions());
    } catch (DecisionStoreException e) {
      throw new UsageException("cannot use the session directory " + dir + ": " + e.getMessage()
          + ". Set DECISION_MATRIX_DATA_DIR (or --data-dir) to a writable directory, or pass --in-memory.");
    }
    // Never fails: a cache directory it cannot use leaves the cache in memory, with a warning on stderr.
    EvaluationCache cache = options.cacheDir() == null ? EvaluationCache.inMemory() : EvaluationCache.persistent(options.cacheDir());
    Readiness readiness = dir == null ? Readiness.always() : () -> Files.isDirectory(dir) && Files.isWritable(dir) ? null : "the session directory is not writable";
    return new ServerStorage(store, cache, readiness, null);
  }

  /** Returns the session store (the server closes it). */
  DecisionStore store() {
    return store;
  }

  /** Returns the judgment cache (the server closes it). */
  EvaluationCache cache() {
    return cache;
  }

  /** Returns whether the store and the cache answer. */
  Readiness readiness() {
    return readiness;
  }

  /**
   * Replaces what stands between {@code ://} and the last {@code @} (user and password) by {@code
   * ***}.
   *
   * @param url a URL, or any text
   * @return the text without credentials
   */
  static String redact(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    return at < start ? url : url.substring(0, start) + "***" + url.substring(at);
  }

  /** Releases the Redis connections, after the server closed the store and the cache. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
