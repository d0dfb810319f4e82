package dev.decisionmatrix.engine;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The timer of one backend call. A call that started before the engine had observed enough of its
 * backend's latency got the ceiling; every {@value #RECHECK_MILLIS} ms it looks whether a derived
 * timeout exists now and, if so, adopts it counting from the call's start, so a request that hung
 * while the engine was still learning does not hold its slot for the whole ceiling. Time is the
 * scheduler's (it only ever fires later), never the ticker's. Thread-safe.
 */
final class CallTimeout {

  private static final long RECHECK_MILLIS = 500;
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);

  private final EngineContext ctx;
  private final JudgeTarget target;
  private final Runnable fire;
  private final Consumer<Duration> adopted;
  private final int cells;

  // Guarded by this.
  private @Nullable ScheduledFuture<?> task;
  private boolean cancelled;

  /**
   * @param fire what to do when the time is up
   * @param adopted told the derived timeout when the call adopts one
   * @param cells how many cells the call judges: a derived timeout, which is per cell, is scaled by
   *     it and capped by the ceiling
   */
  CallTimeout(EngineContext ctx, JudgeTarget target, Runnable fire, Consumer<Duration> adopted, int cells) {
    this.ctx = ctx;
    this.target = target;
    this.fire = fire;
    this.adopted = adopted;
    this.cells = cells;
  }

  /** The timeout for a call judging {@code cells} cells: the derived one scaled, capped by the ceiling. */
  static Duration forCells(EngineContext ctx, JudgeTarget target, int cells) {
    Duration derived = ctx.timeoutFor(target.backendId(), target.model());
    if (cells <= 1 || derived.equals(ctx.callTimeout)) {
      return derived;
    }
    long scaled = derived.toNanos() > ctx.callTimeout.toNanos() / cells ? ctx.callTimeout.toNanos() : derived.toNanos() * cells;
    return Duration.ofNanos(scaled);
  }

  /** Starts the timer for a call given {@code limit}; it rechecks only when that is the ceiling of an adapting engine. */
  void start(Duration limit) {
    long nanos = limit.toNanos();
    if (ctx.adaptsTimeouts() && limit.equals(ctx.callTimeout) && nanos > RECHECK_NANOS) {
      arm(RECHECK_NANOS, () -> recheck(RECHECK_NANOS, nanos));
    } else {
      arm(nanos, fire);
    }
  }

  private void recheck(long elapsed, long ceiling) {
    Duration derived = forCells(ctx, target, cells);
    if (derived.toNanos() < ceiling) {
      adopted.accept(derived);
      arm(Math.max(0, derived.toNanos() - elapsed), fire);
    } else if (ceiling - elapsed > RECHECK_NANOS) {
      arm(RECHECK_NANOS, () -> recheck(elapsed + RECHECK_NANOS, ceiling));
    } else {
      arm(ceiling - elapsed, fire);
    }
  }

  private void arm(long nanos, Runnable what) {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      try {
        task = ctx.scheduler.schedule(what, nanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        task = null; // the engine closed: closing interrupts the call instead
      }
    }
  }

  /** Stops the timer; it never fires afterwards. */
  void cancel() {
    ScheduledFuture<?> t;
    synchronized (this) {
      cancelled = true;
      t = task;
      task = null;
    }
    if (t != null) {
      t.cancel(false);
    }
  }
}
