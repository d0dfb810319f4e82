package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmErrorKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Decides which queued call runs next. Calls wait in lanes, one lane per (evaluation, backend);
 * each backend serves its lanes round-robin, so a small evaluation submitted behind a huge one
 * gets every other free slot instead of waiting for the huge one's queue. A call starts only while
 * both the global limit and its backend's {@link AdaptiveLimit} have room.
 *
 * <p>Thread-safe: all state is guarded by one lock, held only for queue bookkeeping; calls are
 * handed to the executor after the lock is released.
 */
final class Dispatcher {

  private final ReentrantLock lock = new ReentrantLock();
  private final Executor executor;
  private final int globalLimit;
  private final int backendLimit;
  private final int minBackendLimit;
  private final double decrease;
  private final Map<String, Slot> slots = new HashMap<>();
  private final List<Slot> order = new ArrayList<>();
  private int cursor;
  private int inFlight;
  private int maxInFlight;

  Dispatcher(Executor executor, int globalLimit, int backendLimit, int minBackendLimit, double decrease) {
    this.executor = executor;
    this.globalLimit = globalLimit;
    this.backendLimit = backendLimit;
    this.minBackendLimit = minBackendLimit;
    this.decrease = decrease;
  }

  /** A backend's limit and its ring of lanes with queued calls. */
  static final class Slot {
    final AdaptiveLimit limit;
    final ArrayDeque<Lane> ring = new ArrayDeque<>();
    int inFlight;

    Slot(AdaptiveLimit limit) {
      this.limit = limit;
    }
  }

  /** The queued calls of one evaluation for one backend. */
  static final class Lane {
    final Slot slot;
    final ArrayDeque<SampleCall> queue = new ArrayDeque<>();
    boolean inRing;
    boolean closed;

    Lane(Slot slot) {
      this.slot = slot;
    }
  }

  Lane newLane(String backendId) {
    lock.lock();
    try {
      Slot slot = slots.get(backendId);
      if (slot == null) {
        slot = new Slot(new AdaptiveLimit(minBackendLimit, backendLimit, decrease));
        slots.put(backendId, slot);
        order.add(slot);
      }
      return new Lane(slot);
    } finally {
      lock.unlock();
    }
  }

  /** Queues calls at the back of their lane; returns false if the lane is closed. */
  boolean enqueue(Lane lane, List<SampleCall> calls) {
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

  /** Queues a call to retry at the front of its lane; returns false if the lane is closed. */
  boolean requeue(SampleCall call) {
    Lane lane = call.lane();
    lock.lock();
    try {
      if (lane.closed) {
        return false;
      }
      lane.queue.addFirst(call);
      ring(lane);
    } finally {
      lock.unlock();
    }
    drain();
    return true;
  }

  private void ring(Lane lane) {
    if (!lane.inRing && !lane.queue.isEmpty()) {
      lane.slot.ring.addLast(lane);
      lane.inRing = true;
    }
  }

  /** Closes a lane and returns the calls that were still queued in it. */
  List<SampleCall> close(Lane lane) {
    lock.lock();
    try {
      lane.closed = true;
      if (lane.inRing) {
        lane.slot.ring.remove(lane);
        lane.inRing = false;
      }
      List<SampleCall> pending = new ArrayList<>(lane.queue);
      lane.queue.clear();
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /** Starts as many queued calls as the limits allow. */
  void drain() {
    List<SampleCall> start = null;
    lock.lock();
    try {
      boolean started = true;
      while (started && inFlight < globalLimit) {
        started = false;
        int n = order.size();
        for (int i = 0; i < n && inFlight < globalLimit; i++) {
          Slot slot = order.get((cursor + i) % n);
          if (slot.ring.isEmpty() || slot.inFlight >= slot.limit.current()) {
            continue;
          }
          Lane lane = slot.ring.pollFirst();
          SampleCall call = lane.queue.pollFirst();
          if (lane.queue.isEmpty()) {
            lane.inRing = false;
          } else {
            slot.ring.addLast(lane);
          }
          slot.inFlight++;
          inFlight++;
          call.started(slot.limit.epoch());
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
    if (start != null) {
      for (SampleCall call : start) {
        try {
          executor.execute(call);
        } catch (RejectedExecutionException e) {
          call.rejected();
        }
      }
    }
  }

  /**
   * Returns a finished call's slot and adapts its backend's limit.
   *
   * @param call the call that ended
   * @param failure the failure's kind, or {@code null} on success
   */
  void release(SampleCall call, @Nullable LlmErrorKind failure) {
    Slot slot = call.lane().slot;
    lock.lock();
    try {
      slot.inFlight--;
      inFlight--;
      if (failure == null) {
        slot.limit.onSuccess();
      } else if (failure.isBackpressure()) {
        slot.limit.onBackpressure(call.epoch());
      }
    } finally {
      lock.unlock();
    }
    drain();
  }

  /** Returns a backend's current concurrency limit, or -1 if it was never used. */
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
