package dev.decisionmatrix.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The hedges one backend and model may still send: at most {@link HedgePolicy#maxShare()} of the
 * calls started to it. Lock-free; a refused hedge costs nothing.
 */
final class HedgeBudget {

  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong hedges = new AtomicLong();

  /** Counts a call started (not a hedge). */
  void onCall() {
    calls.incrementAndGet();
  }

  /** Takes one hedge if the share allows it. */
  boolean tryAcquire(double maxShare) {
    while (true) {
      long h = hedges.get();
      if (h + 1 > maxShare * calls.get()) {
        return false;
      }
      if (hedges.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  /** Gives back a hedge that was not sent after all. */
  void refund() {
    hedges.decrementAndGet();
  }

  long hedges() {
    return hedges.get();
  }
}
