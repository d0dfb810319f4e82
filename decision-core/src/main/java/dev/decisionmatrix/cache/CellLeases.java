package dev.decisionmatrix.cache;

import dev.decisionmatrix.judge.Judgment;
import org.jspecify.annotations.Nullable;

/**
 * Makes engines in several processes that share one cache call a model once per question: before a
 * cell's backend call, the engine takes a lease on the cell's key; while one engine holds it, the
 * others wait for its answer instead of calling too. A holder that dies stops renewing its lease,
 * which then expires, and a waiting engine takes over.
 *
 * <p>The engine uses the leases of its {@linkplain dev.decisionmatrix.engine.DecisionEngine.Builder#cache
 * cache} when the cache implements this interface (a shared cache such as the Redis one), and
 * {@link #none()} otherwise. Within one engine, concurrent identical questions are shared already;
 * leases only matter between engines. Implementations are thread-safe and never fail a cell: if
 * the coordination itself fails, they hand out a lease that lets the engine call.
 */
public interface CellLeases {

  /**
   * Takes the lease of a question, or waits for the answer of the engine that holds it.
   *
   * @param key the question's cache key
   * @return a held lease (call the backend, {@linkplain Lease#publish publish} the judgment, then
   *     close it), or one that carries another engine's {@linkplain Lease#answer() answer}
   * @throws dev.decisionmatrix.llm.LlmException of kind {@code CANCELLED} if the thread is
   *     interrupted while it waits
   */
  Lease acquire(CacheKey key);

  /**
   * Returns leases that coordinate nothing: every acquire is held at once.
   *
   * @return a shared, stateless instance
   */
  static CellLeases none() {
    return NoLeases.INSTANCE;
  }

  /** One question's lease; close it when the call is over, whatever happened. */
  interface Lease extends AutoCloseable {

    /**
     * The judgment another engine published while this one waited.
     *
     * @return the judgment, or {@code null} if this engine holds the lease and must call
     */
    @Nullable Judgment answer();

    /**
     * Shares the judgment this engine's call produced with the engines that wait for it. Failed
     * judgments are not shared: the waiters take over and call themselves.
     *
     * @param judgment the call's judgment
     */
    void publish(Judgment judgment);

    /** Gives the lease up; a waiting engine takes it if nothing was published. Never throws. */
    @Override
    void close();
  }

  /** The leases of caches that are not shared. */
  enum NoLeases implements CellLeases, Lease {
    /** The only instance; it is its own always-held lease. */
    INSTANCE;

    @Override
    public Lease acquire(CacheKey key) {
      return this;
    }

    @Override
    public @Nullable Judgment answer() {
      return null;
    }

    @Override
    public void publish(Judgment judgment) {}

    @Override
    public void close() {}
  }
}
