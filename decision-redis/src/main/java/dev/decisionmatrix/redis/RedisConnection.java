package dev.decisionmatrix.redis;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.StoreOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A pool of connections to one Redis server, and the factory of everything this module keeps
 * there: the shared judgment cache ({@link #cache}) and the decision store ({@link #store}).
 *
 * <p>Every key starts with a prefix ({@value #DEFAULT_PREFIX} by default), so one Redis database
 * can hold several deployments. The URL's password never appears in {@link #toString()}, logs or
 * error messages. Thread-safe; close it when done.
 */
public final class RedisConnection implements AutoCloseable {

  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "decision-matrix:";

  private final RedisClient client;
  private final String prefix;
  private final String safeUrl;
  private volatile boolean closed;

  private RedisConnection(RedisClient client, String prefix, String safeUrl) {
    this.client = client;
    this.prefix = prefix;
    this.safeUrl = safeUrl;
  }

  /**
   * Opens a pool on a Redis URL: {@code redis://[[user]:password@]host[:port][/database]}, or
   * {@code rediss://...} for TLS. Nothing is sent yet: call {@link #ping()} to check the server.
   *
   * @param url the URL
   * @return the connection pool, with the {@linkplain #DEFAULT_PREFIX default key prefix}
   * @throws IllegalArgumentException if the URL is not a Redis URL; the message never shows the
   *     password
   */
  public static RedisConnection open(String url) {
    return open(url, DEFAULT_PREFIX);
  }

  /**
   * Opens a pool on a Redis URL with another key prefix.
   *
   * @param url the URL, as for {@link #open(String)}
   * @param prefix what every key starts with, for example {@code "team-a:"}
   * @return the connection pool
   * @throws IllegalArgumentException if the URL is not a Redis URL or the prefix is blank
   */
  @SuppressWarnings("deprecation") // ssl(boolean): the rediss:// scheme switch, still supported
  public static RedisConnection open(String url, String prefix) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isBlank()) {
      throw new IllegalArgumentException("the Redis key prefix must not be blank; use for example \"" + DEFAULT_PREFIX + "\"");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw badUrl(redact(url));
    }
    String safe = redact(uri);
    if (!JedisURIHelper.isValid(uri) || uri.getHost() == null) {
      throw badUrl(safe);
    }
    int database = 0;
    try {
      if (JedisURIHelper.hasDbIndex(uri)) {
        database = JedisURIHelper.getDBIndex(uri);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the Redis URL " + safe + " names no valid database: put a number 0-15 after the last '/', e.g. redis://host:6379/0");
    }
    HostAndPort hostAndPort = new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(2_000)
        .socketTimeoutMillis(5_000)
        .database(database)
        .clientName("decision-matrix")
        .ssl(JedisURIHelper.isRedisSSLScheme(uri));
    String user = JedisURIHelper.getUser(uri);
    String password = JedisURIHelper.getPassword(uri);
    if (user != null && !user.isEmpty()) {
      config.user(user);
    }
    if (password != null && !password.isEmpty()) {
      config.password(password);
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(64);
    pool.setMaxIdle(64);
    pool.setMinIdle(0);
    pool.setMaxWait(Duration.ofSeconds(5));
    pool.setJmxEnabled(false);
    // After Redis restarts, every idle pooled connection is a socket to the old process. Checking a
    // connection (PING) as it leaves the pool drops such a one and opens a fresh one, so the first
    // command after a restart does not fail; it costs one round trip per borrowed connection.
    pool.setTestOnBorrow(true);
    RedisClient client = RedisClient.builder().hostAndPort(hostAndPort).clientConfig(config.build()).poolConfig(pool).build();
    return new RedisConnection(client, prefix, safe);
  }

  private static IllegalArgumentException badUrl(String safe) {
    return new IllegalArgumentException("not a Redis URL: " + safe
        + "; use redis://[:password@]host[:port][/database], or rediss://... for TLS");
  }

  /** The URL with any password replaced by {@code ***}. */
  static String redact(String url) {
    return url.replaceAll("(?<=://)([^/@]*)@", "***@");
  }

  private static String redact(URI uri) {
    String scheme = uri.getScheme() == null ? "?" : uri.getScheme();
    String user = uri.getUserInfo() == null ? "" : "***@";
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return scheme + "://" + user + (uri.getHost() == null ? "?" : uri.getHost()) + port + path;
  }

  /**
   * Checks that the server answers.
   *
   * @return {@code true} if it answered PING, {@code false} if it is unreachable or refused
   */
  public boolean ping() {
    try {
      return "PONG".equalsIgnoreCase(client.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  /**
   * Returns a judgment cache with Redis as a second level behind a local cache: lookups try the
   * local cache first, then Redis (a whole matrix in one pipelined round trip); stores go to both.
   * Judgments live in Redis for the time to live. If Redis is unreachable the cache logs one warning,
   * works from the local cache alone and tries Redis again every second until it answers.
   *
   * <p>The cache also holds the cells' leases ({@link dev.decisionmatrix.cache.CellLeases}): engines
   * in several instances that use caches on one Redis call the model once per question, and a
   * dead instance's questions are taken over within ten seconds.
   *
   * @param local the first level, usually {@link EvaluationCache#inMemory()}
   * @param timeToLive how long a judgment stays in Redis
   * @return the cache
   * @throws IllegalArgumentException if the time to live is not positive
   */
  public EvaluationCache cache(EvaluationCache local, Duration timeToLive) {
    return new RedisEvaluationCache(this, local, timeToLive, Duration.ofSeconds(1));
  }

  /**
   * Returns a decision store that keeps every session in Redis, so several instances serve the same
   * sessions. Every write checks the session's version with a compare-and-set script; a write that
   * lost a race is retried with the change applied to the newer version.
   *
   * @param options time to live, session limit and clock
   * @return the store
   */
  public DecisionStore store(StoreOptions options) {
    return new RedisDecisionStore(this, options);
  }

  /**
   * Says how often a store's writes lost a race with another instance and were applied again to the
   * newer version, for monitoring and benchmarks.
   *
   * @param store a store from {@link #store}
   * @return the conflict retries since the store was created; 0 for a store that is not on Redis
   */
  public static long conflictRetries(DecisionStore store) {
    return store instanceof RedisDecisionStore redis ? redis.retries() : 0;
  }

  RedisClient client() {
    return client;
  }

  boolean isClosed() {
    return closed;
  }

  String key(String suffix) {
    return prefix + suffix;
  }

  /** Releases the pool. */
  @Override
  public void close() {
    closed = true;
    client.close();
  }

  @Override
  public String toString() {
    return "Redis " + safeUrl;
  }
}
