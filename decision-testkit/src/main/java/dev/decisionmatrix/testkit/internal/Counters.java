package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.SimStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The simulator's counters and gauges. Lock-free on the request path; only threads waiting in
 * {@link #await} take a lock, and request threads signal it only while someone waits.
 */
public final class Counters {

  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder requests = new LongAdder();
  private final Map<Protocol, LongAdder> byProtocol = new EnumMap<>(Protocol.class);
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final ConcurrentHashMap<Fault, LongAdder> faults = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicInteger waiters = new AtomicInteger();

  /** Creates zeroed counters. */
  public Counters() {
    for (Protocol p : Protocol.values()) {
      byProtocol.put(p, new LongAdder());
    }
  }

  /** Returns the next chat request sequence number. */
  public long nextSequence() {
    return sequence.getAndIncrement();
  }

  /** Counts a received request and its body bytes. */
  public void received(long bodyBytes) {
    requests.increment();
    bytesReceived.add(bodyBytes);
    signal();
  }

  /** Counts a request for a protocol. */
  public void protocol(Protocol protocol) {
    byProtocol.get(protocol).increment();
    signal();
  }

  /** Counts a response sent. */
  public void sent(int status, long bodyBytes) {
    statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    if (status == 429) {
      rateLimited.increment();
    }
    bytesSent.add(bodyBytes);
    signal();
  }

  /** Counts a capacity rejection. */
  public void rejected() {
    rejected.increment();
    signal();
  }

  /** Counts an injected fault. */
  public void fault(Fault fault) {
    faults.computeIfAbsent(fault, k -> new LongAdder()).increment();
    signal();
  }

  /** Adds simulated token usage. */
  public void tokens(long input, long output) {
    inputTokens.add(input);
    outputTokens.add(output);
  }

  /** A request starts being processed. */
  public void enter() {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    signal();
  }

  /** A request stops being processed. */
  public void exit() {
    inFlight.decrementAndGet();
    signal();
  }

  /** Adds to the number of queued requests. */
  public void queued(int delta) {
    queued.addAndGet(delta);
    signal();
  }

  /** Adds to the number of held requests. */
  public void held(int delta) {
    held.addAndGet(delta);
    signal();
  }

  /** Returns a snapshot. */
  public SimStats snapshot() {
    Map<Protocol, Long> protocols = new EnumMap<>(Protocol.class);
    byProtocol.forEach((p, n) -> protocols.put(p, n.sum()));
    Map<Fault, Long> faultCounts = new HashMap<>();
    faults.forEach((f, n) -> faultCounts.put(f, n.sum()));
    Map<Integer, Long> statusCounts = new HashMap<>();
    statuses.forEach((s, n) -> statusCounts.put(s, n.sum()));
    return new SimStats(
        requests.sum(),
        protocols,
        bytesReceived.sum(),
        bytesSent.sum(),
        inFlight.get(),
        maxInFlight.get(),
        queued.get(),
        held.get(),
        rejected.sum(),
        rateLimited.sum(),
        faultCounts,
        statusCounts,
        inputTokens.sum(),
        outputTokens.sum());
  }

  /** Zeroes the counters and the sequence; the maximum in flight restarts from the present. */
  public void reset() {
    sequence.set(0);
    requests.reset();
    byProtocol.values().forEach(LongAdder::reset);
    bytesReceived.reset();
    bytesSent.reset();
    maxInFlight.set(inFlight.get());
    rejected.reset();
    rateLimited.reset();
    faults.clear();
    statuses.clear();
    inputTokens.reset();
    outputTokens.reset();
    signal();
  }

  /** Waits until a snapshot satisfies the condition; returns whether it did within the timeout. */
  public boolean await(Predicate<? super SimStats> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    waiters.incrementAndGet();
    lock.lock();
    try {
      while (true) {
        if (condition.test(snapshot())) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  private void signal() {
    if (waiters.get() > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
