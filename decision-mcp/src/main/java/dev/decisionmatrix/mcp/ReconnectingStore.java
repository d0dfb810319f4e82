package dev.decisionmatrix.mcp;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.DecisionStoreException;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The Redis store, tried again on a dead pooled connection. After Redis restarts, every idle
 * connection in the pool is a socket to the old process: the first command on each fails at once,
 * before the new server sees it. Each such failure drops that connection, so the operation is tried
 * again, as long as the failures are quick (one connection each), up to once per pooled connection.
 * A Redis that is really down fails slowly (connect timeout) or refuses every attempt, and then the
 * operation fails with the store's own clear message.
 */
final class ReconnectingStore implements DecisionStore {

  /** One more than the pool's size: every idle connection may be stale once. */
  static final int MAX_ATTEMPTS = 65;

  /** Past this, failures are no longer "quick": stop trying. */
  private static final long QUICK_NANOS = 500_000_000L;

  private final DecisionStore redis;

  ReconnectingStore(DecisionStore redis) {
    this.redis = redis;
  }

  private <T> T retried(Supplier<T> operation) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (DecisionStoreException e) {
        boolean staleConnection = e.getCause() instanceof JedisConnectionException;
        if (!staleConnection || attempt >= MAX_ATTEMPTS || System.nanoTime() - start > QUICK_NANOS) {
          throw e;
        }
      }
    }
  }

  @Override
  public Optional<Session> get(String id) {
    return retried(() -> redis.get(id));
  }

  @Override
  public Session save(Session session) {
    return retried(() -> redis.save(session));
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    // The compare-and-set never ran on a stale connection, so running the change again is safe.
    return retried(() -> redis.update(id, change));
  }

  @Override
  public JudgmentJournal journal(String id, Decision decision) {
    return redis.journal(id, decision);
  }

  @Override
  public boolean delete(String id) {
    return retried(() -> redis.delete(id));
  }

  @Override
  public List<Session> list() {
    return retried(redis::list);
  }

  @Override
  public Optional<Session> mostRecent() {
    return retried(redis::mostRecent);
  }

  @Override
  public int clear() {
    return retried(redis::clear);
  }

  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return redis.toString();
  }
}
