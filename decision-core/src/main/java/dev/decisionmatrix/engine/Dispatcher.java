package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmErrorKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Decides which queued call runs next. Calls wait in lanes, one lane per (evaluation, backend);
 * each backend serves its lanes round-robin, so a small evaluation submitted behind a huge one
 * gets every other free slot instead of waiting for the huge one's queue. A call starts only while
 * both the global limit and its backend's {@link AdaptiveLimit} have room.
 *
 * <p>A call that several evaluations wait for sits in the lane of each of them, and starts from
 * whichever lane reaches it first: sharing a call never makes an evaluation wait longer than its
 * own lane position. The other entries are stale once the call started and are skipped.
 *
 * <p>A backend with a limit of its own ({@link dev.decisionmatrix.llm.LlmBackend#maxConcurrency()},
 * for example one MCP client connection's sampling) is a resource that comes and goes: its slot is
 * forgotten once no lane is open on it and none of its calls runs, so connections that ended leave
 * nothing behind. Backends without a limit of their own keep their learnt adaptive limit for the
 * engine's life.
 *
 * <p>Thread-safe: all state is guarded by one lock, held only for queue bookkeeping; calls are
 * handed to the executor after the lock is released. Draining never recurses: a drain requested
 * while another thread (or a callback of this one) drains is folded into that drain's loop.
 */
final class Dispatcher {

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger drainRequests = new AtomicInteger();
  private final Executor executor;
  private final int globalLimit;
  private final int backendLimit;
  private final int initialBackendLimit;
  private final int minBackendLimit;
  private final double decrease;
  private final Map<String, Slot> slots = new HashMap<>();
  private final List<Slot> order = new ArrayList<>();
  private int cursor;
  private int inFlight;
  private int maxInFlight;

  Dispatcher(Executor executor, int globalLimit, int backendLimit, int initialBackendLimit, int minBackendLimit, double decrease) {
    this.executor = executor;
    this.globalLimit = globalLimit;
    this.backendLimit = backendLimit;
    this.initialBackendLimit = initialBackendLimit;
    this.minBackendLimit = minBackendLimit;
    this.decrease = decrease;
  }

  /** A backend's limit and its ring of lanes with queued calls. */
  static final class Slot {
    final String backendId;
    final AdaptiveLimit limit;
    /** Whether the backend declared a limit of its own, which makes the slot forgettable when idle. */
    final boolean ownLimit;
    final ArrayDeque<Lane> ring = new ArrayDeque<>();
    int inFlight;
    int openLanes;
    /** Hedges waiting for a slot; they start before any lane's call. */
    final ArrayDeque<Startable> hedgeQueue = new ArrayDeque<>();

    Slot(String backendId, AdaptiveLimit limit, boolean ownLimit) {
      this.backendId = backendId;
      this.limit = limit;
      this.ownLimit = ownLimit;
    }
  }

  /** Something the dispatcher starts on the executor once it holds a slot: a call or a hedge. */
  interface Startable extends Runnable {
    /**
     * Called under the dispatcher's lock: takes the task out of the queue unless it no longer
     * wants to run; the task gives back the slot it started from.
     */
    boolean tryStart(Slot from);

    /** The slot the task holds since it started. */
    Slot slot();

    /** The limit's epoch when the task started. */
    long epoch();

    /** The executor refused the task; its slot was given back already. */
    void rejected(RejectedExecutionException e);
  }

  /** The queued calls of one evaluation for one backend. */
  static final class Lane {
    final Slot slot;
    final ArrayDeque<SharedCall> queue = new ArrayDeque<>();
    boolean inRing;
    boolean closed;

    Lane(Slot slot) {
      this.slot = slot;
    }
  }

  /**
   * Opens a lane for one evaluation's calls to a backend.
   *
   * @param backendId the backend's id; every lane of one id shares one limit
   * @param cap the backend's own concurrency limit, which caps its adaptive limit
   */
  Lane newLane(String backendId, OptionalInt cap) {
    lock.lock();
    try {
      Slot slot = slots.get(backendId);
      if (slot == null) {
        int max = cap.isPresent() ? Math.max(1, Math.min(backendLimit, cap.getAsInt())) : backendLimit;
        slot = new Slot(backendId, new AdaptiveLimit(Math.min(minBackendLimit, max), Math.min(initialBackendLimit, max), max, decrease), cap.isPresent());
        slots.put(backendId, slot);
        order.add(slot);
      }
      slot.openLanes++;
      return new Lane(slot);
    } finally {
      lock.unlock();
    }
  }

  /** Queues calls at the back of a lane; returns false if the lane is closed. */
  boolean enqueue(Lane lane, List<SharedCall> calls) {
    lock.lock();
    try {
      if (lane.closed) {
        return false;
      }
      lane.queue.addAll(calls);
      ring(lane);
    } finally {
      lock.unlock();
    }
    drain();
    return true;
  }

  /** Queues a call to retry at the front of each lane that waits for it; returns how many took it. */
  int requeue(List<Lane> lanes, SharedCall call) {
    int taken = 0;
    lock.lock();
    try {
      for (Lane lane : lanes) {
        if (!lane.closed) {
          lane.queue.addFirst(call);
          ring(lane);
          taken++;
        }
      }
    } finally {
      lock.unlock();
    }
    if (taken > 0) {
      drain();
    }
    return taken;
  }

  private void ring(Lane lane) {
    if (!lane.inRing && !lane.queue.isEmpty()) {
      lane.slot.ring.addLast(lane);
      lane.inRing = true;
    }
  }

  /** Closes a lane and drops what was still queued in it; closing it again does nothing. */
  void close(Lane lane) {
    lock.lock();
    try {
      if (lane.closed) {
        return;
      }
      lane.closed = true;
      if (lane.inRing) {
        lane.slot.ring.remove(lane);
        lane.inRing = false;
      }
      lane.queue.clear();
      lane.slot.openLanes--;
      forgetIfIdle(lane.slot);
    } finally {
      lock.unlock();
    }
  }

  /** Starts as many queued calls as the limits allow; never recurses. */
  void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return; // the thread that is draining will loop once more
    }
    int requests = 1;
    do {
      drainOnce();
      requests = drainRequests.addAndGet(-requests);
    } while (requests != 0);
  }

  private void drainOnce() {
    List<Startable> start = pick();
    if (start == null) {
      return;
    }
    for (Startable call : start) {
      try {
        executor.execute(call);
      } catch (RejectedExecutionException e) {
        releaseSlot(call.slot(), call.epoch(), LlmErrorKind.CANCELLED, -1);
        drainRequests.incrementAndGet(); // the slot is free again: look once more
        call.rejected(e);
      }
    }
  }

  private @Nullable List<Startable> pick() {
    List<Startable> start = null;
    lock.lock();
    try {
      boolean started = true;
      while (started && inFlight < globalLimit) {
        started = false;
        int n = order.size();
        for (int i = 0; i < n && inFlight < globalLimit; i++) {
          Slot slot = order.get((cursor + i) % n);
          Startable call = null;
          while (call == null && !slot.hedgeQueue.isEmpty() && slot.inFlight < slot.limit.current()) {
            Startable hedge = slot.hedgeQueue.pollFirst();
            if (hedge.tryStart(slot)) {
              call = hedge;
            }
          }
          while (call == null && !slot.ring.isEmpty() && slot.inFlight < slot.limit.current()) {
            Lane lane = slot.ring.pollFirst();
            while (call == null && !lane.queue.isEmpty()) {
              SharedCall next = lane.queue.pollFirst();
              if (next.tryStart(slot)) {
                call = next;
              }
            }
            if (lane.queue.isEmpty()) {
              lane.inRing = false;
            } else {
              slot.ring.addLast(lane);
            }
          }
          if (call == null) {
            continue;
          }
          slot.inFlight++;
          inFlight++;
          if (start == null) {
            start = new ArrayList<>();
          }
          start.add(call);
          started = true;
        }
        cursor = n == 0 ? 0 : (cursor + 1) % n;
      }
      maxInFlight = Math.max(maxInFlight, inFlight);
    } finally {
      lock.unlock();
    }
    return start;
  }

  /**
   * Returns a finished call's slot, adapts its backend's limit and starts what can start now.
   *
   * @param slot the backend slot the call held
   * @param epoch the limit's epoch when the call started
   * @param failure the failure's kind, or {@code null} on success
   */
  void release(Slot slot, long epoch, @Nullable LlmErrorKind failure) {
    release(slot, epoch, failure, -1);
  }

  /**
   * Returns a finished call's slot, adapts its backend's limit with the call's latency and starts
   * what can start now.
   *
   * @param slot the backend slot the call held
   * @param epoch the limit's epoch when the call started
   * @param failure the failure's kind, or {@code null} on success
   * @param latencyNanos how long the successful call took, or a negative number if unknown
   */
  void release(Slot slot, long epoch, @Nullable LlmErrorKind failure, long latencyNanos) {
    releaseSlot(slot, epoch, failure, latencyNanos);
    drain();
  }

  private void releaseSlot(Slot slot, long epoch, @Nullable LlmErrorKind failure, long latencyNanos) {
    lock.lock();
    try {
      boolean saturated = slot.inFlight >= slot.limit.current();
      slot.inFlight--;
      inFlight--;
      if (failure == null) {
        slot.limit.onSuccess(saturated, latencyNanos);
      } else if (failure.isBackpressure()) {
        slot.limit.onBackpressure(epoch);
      }
      forgetIfIdle(slot);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops the slot of a backend with its own limit once nothing uses it; called with the lock held.
   * No call can still refer to it: a call waits in the lanes of its waiters, which are open, or runs.
   */
  private void forgetIfIdle(Slot slot) {
    if (!slot.ownLimit || slot.openLanes > 0 || slot.inFlight > 0 || slots.get(slot.backendId) != slot) {
      return;
    }
    slots.remove(slot.backendId);
    int index = order.indexOf(slot);
    order.remove(index);
    if (index < cursor) {
      cursor--;
    }
    if (cursor >= order.size()) {
      cursor = 0;
    }
  }

  /**
   * Queues a hedge (a second copy of a running call) ahead of every lane of its backend: it starts
   * with the next free slot, within the same limits as any call. A hedge whose first copy ended
   * meanwhile refuses to start and is skipped.
   *
   * @param slot the backend slot of the call being hedged
   * @param hedge the copy to start
   */
  void offerHedge(Slot slot, Startable hedge) {
    lock.lock();
    try {
      slot.hedgeQueue.addLast(hedge);
    } finally {
      lock.unlock();
    }
    drain();
  }

  /** Takes a hedge that has not started out of its queue; does nothing if it is gone. */
  void withdrawHedge(Slot slot, Startable hedge) {
    lock.lock();
    try {
      slot.hedgeQueue.remove(hedge);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a backend's current concurrency limit, or -1 if it was never used or was forgotten. */
  int limitOf(String backendId) {
    lock.lock();
    try {
      Slot slot = slots.get(backendId);
      return slot == null ? -1 : slot.limit.current();
    } finally {
      lock.unlock();
    }
  }

  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  int maxInFlight() {
    lock.lock();
    try {
      return maxInFlight;
    } finally {
      lock.unlock();
    }
  }
}
