package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.RunningEvaluation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The evaluations in progress, by the key of the MCP request that started them, so a {@code
 * notifications/cancelled} for that request cancels the evaluation. A cancellation that arrives
 * before its evaluation started is remembered (a bounded number of them) and applied on start.
 * Thread-safe.
 */
public final class RunningEvaluations {

  private static final int MAX_EARLY_CANCELLATIONS = 1_000;

  private final Map<String, RunningEvaluation> byKey = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong unkeyed = new java.util.concurrent.atomic.AtomicLong();
  private final Set<String> cancelledEarly =
      Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_EARLY_CANCELLATIONS;
        }
      }));

  /**
   * Registers an evaluation under its request's key until the returned handle is closed.
   *
   * @param key the request's key, or {@code null} if it cannot be cancelled
   * @param evaluation the evaluation
   * @return closing it removes the registration
   */
  public Registration register(@Nullable String key, RunningEvaluation evaluation) {
    if (key == null) {
      // Not cancellable by a request, but still cancelled and waited for at shutdown.
      key = "\u0000unkeyed-" + unkeyed.incrementAndGet();
    }
    String registered = key;
    byKey.put(key, evaluation);
    if (cancelledEarly.remove(key)) {
      evaluation.cancel();
    }
    return () -> {
      if (byKey.remove(registered, evaluation)) {
        synchronized (this) {
          notifyAll();
        }
      }
    };
  }

  /**
   * Cancels the evaluation started by a request.
   *
   * @param key the request's key
   * @return {@code true} if a running evaluation was cancelled
   */
  public boolean cancel(String key) {
    RunningEvaluation evaluation = byKey.get(key);
    if (evaluation == null) {
      cancelledEarly.add(key);
      return false;
    }
    evaluation.cancel();
    return true;
  }

  /** Cancels every evaluation (on shutdown). */
  public void cancelAll() {
    byKey.values().forEach(RunningEvaluation::cancel);
  }

  /**
   * Cancels every evaluation and waits until each one's request has let go of it (it keeps its
   * registration until its judgments are merged into the session), so a shutdown that then closes
   * the store loses none of them.
   *
   * @param timeout the longest wait
   * @return how many were still registered when the wait ended (0 when all let go)
   * @throws InterruptedException if interrupted while waiting
   */
  public int cancelAllAndAwait(java.time.Duration timeout) throws InterruptedException {
    cancelAll();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!byKey.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return byKey.size();
    }
  }

  /** Returns how many evaluations are registered. */
  public int size() {
    return byKey.size();
  }

  /** Removes a registration; never throws. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
