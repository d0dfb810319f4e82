package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One backend call of a {@link SharedCall}, hedged under the engine's {@link HedgePolicy}: the
 * first copy runs on the calling thread; once it has run longer than the backend's hedge delay, a
 * second copy is queued ahead of the backend's lanes and starts with the next free slot, so hedges
 * never exceed the concurrency limits. The first
 * answer wins: a winning hedge interrupts the first copy, a winning first copy interrupts the
 * hedge. When the first copy fails while the hedge still runs, the hedge's answer is awaited. The
 * call's timeout and its abandonment interrupt the calling thread, which then cancels the hedge.
 *
 * <p>A hedge is a call: it counts in the payer's calls (and its hedges), its tokens and cost are
 * booked, and a dollar or call budget must have room for it. A cancelled copy releases its slot as
 * cancelled, so it counts neither as a success nor as a failure.
 *
 * <p>Guarded by {@code this}; the lock order is this, then the {@link SharedCall}'s (through
 * {@code wanted}); nothing here is called while the shared call's lock is held.
 */
final class HedgedChat {

  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final boolean hedgeable;
  private final EngineContext ctx;
  private final JudgeTarget target;
  private final ChatRequest request;
  private final Dispatcher.Slot slot;
  private final @Nullable EvaluationRun payer;
  private final BooleanSupplier wanted;
  private final Thread owner = Thread.currentThread();

  // Guarded by this.
  private boolean primaryDone;
  private boolean primaryAnswered;
  private boolean hedgeDone;
  private boolean cancelled;
  private boolean interruptedOwner;
  private @Nullable Thread hedgeThread;
  private @Nullable Copy copy;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ChatResponse hedgeAnswer;
  private long hedgeLatencyNanos;
  private int hedgesSent;

  /**
   * Prepares one call.
   *
   * @param wanted whether the call still wants an answer: not given up and not timed out
   * @param hedgeable false for a call whose latency the backend's one-cell latencies do not
   *     describe (a batched call), which is then never hedged
   */
  HedgedChat(EngineContext ctx, JudgeTarget target, ChatRequest request, Dispatcher.Slot slot,
      @Nullable EvaluationRun payer, BooleanSupplier wanted, boolean hedgeable) {
    this.hedgeable = hedgeable;
    this.ctx = ctx;
    this.target = target;
    this.request = request;
    this.slot = slot;
    this.payer = payer;
    this.wanted = wanted;
  }

  /** Makes the call, hedging it if it runs long; throws what the backend threw when no copy answered. */
  ChatResponse run() {
    scheduleHedge();
    try {
      ChatResponse response = target.backend().chat(request);
      boolean clear;
      synchronized (this) {
        primaryDone = true;
        primaryAnswered = response != null;
        clear = interruptedOwner;
      }
      if (clear && wanted.getAsBoolean()) {
        Thread.interrupted(); // the hedge won a moment too late: its interrupt is not for us
      }
      return response;
    } catch (RuntimeException primary) {
      ChatResponse hedged = awaitHedge();
      if (hedged != null) {
        return hedged;
      }
      throw primary;
    } finally {
      cancelHedge();
    }
  }

  /** Whether the answer {@link #run} returned came from the hedge. */
  synchronized boolean hedgeWon() {
    return hedgeAnswer != null && !primaryAnswered;
  }

  /** The winning hedge's own latency; meaningful when {@link #hedgeWon()}. */
  synchronized long hedgeLatencyNanos() {
    return hedgeLatencyNanos;
  }

  /** How many copies besides the first were sent: 0 or 1. */
  synchronized int hedgesSent() {
    return hedgesSent;
  }

  /**
   * Arms the hedge timer. While the backend has too few observed calls for a delay, or its hedge
   * share is used up, the timer looks again later (from 100 ms, doubling to 5 s), so a call that
   * started before the engine knew the backend's latency is still hedged once it does.
   */
  private void scheduleHedge() {
    HedgePolicy policy = ctx.hedgePolicy();
    if (policy == null || !hedgeable || !target.backend().hedgeable()) {
      return;
    }
    long delay = ctx.hedgeDelayFor(target.backendId(), target.model());
    arm(policy, delay < 0 ? RECHECK_NANOS : delay, delay < 0 ? RECHECK_NANOS : -1);
  }

  /** Schedules a look at the hedge in {@code nanos}; {@code recheck} is the current unknown-delay step, or -1. */
  private void arm(HedgePolicy policy, long nanos, long recheck) {
    synchronized (this) {
      if (primaryDone || cancelled || copy != null) {
        return;
      }
      try {
        timer = ctx.scheduler.schedule(() -> fire(policy, recheck), nanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        timer = null;
      }
    }
  }

  private @Nullable ChatResponse awaitHedge() {
    boolean stillWanted = wanted.getAsBoolean();
    boolean clear;
    ChatResponse answer;
    synchronized (this) {
      primaryDone = true;
      // Only a running hedge is awaited: a queued one may wait for the very slot this call holds.
      while (stillWanted && hedgeAnswer == null && copy != null && copy.state == CopyState.STARTED && !hedgeDone) {
        try {
          wait();
        } catch (InterruptedException e) {
          break; // the call timed out or was given up: SharedCall tells which
        }
      }
      answer = hedgeAnswer;
      clear = interruptedOwner;
    }
    if (answer != null && clear && wanted.getAsBoolean()) {
      Thread.interrupted(); // the hedge's own interrupt, which ended the first copy
    }
    return answer;
  }

  private void cancelHedge() {
    Thread running;
    Copy waiting;
    synchronized (this) {
      cancelled = true;
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      running = hedgeThread;
      waiting = copy != null && copy.state == CopyState.OFFERED ? copy : null;
      if (waiting != null) {
        waiting.state = CopyState.DROPPED;
      }
    }
    if (running != null) {
      running.interrupt();
    }
    if (waiting != null) {
      ctx.dispatcher.withdrawHedge(slot, waiting);
      waiting.unsent();
    }
  }

  private void fire(HedgePolicy policy, long recheck) {
    synchronized (this) {
      timer = null;
      if (primaryDone || copy != null || cancelled) {
        return;
      }
    }
    if (!wanted.getAsBoolean()) {
      return;
    }
    long delay = ctx.hedgeDelayFor(target.backendId(), target.model());
    if (recheck >= 0) {
      // The delay was unknown when the call started: hedge a delay after it became known.
      arm(policy, delay < 0 ? Math.min(recheck * 2, MAX_RECHECK_NANOS) : delay, delay < 0 ? Math.min(recheck * 2, MAX_RECHECK_NANOS) : -1);
      return;
    }
    HedgeBudget budget = ctx.takeHedge(target.backendId(), target.model());
    if (budget == null) {
      arm(policy, Math.max(delay, RECHECK_NANOS), -1); // the share is used up for now: it grows with every call
      return;
    }
    EvaluationRun run = payer;
    double estimate = run != null && run.hasCostBudget()
        ? UsageLedger.cost(ctx.prices, target.backendId(), UsageLedger.modelOf(target), CostPlan.expectedUsage(ctx, target, request)).usd()
        : 0;
    if (run != null && !run.admitSpareCall(estimate)) {
      budget.refund();
      return;
    }
    Copy offered = new Copy(budget, new CostPlan.Admission(run, estimate));
    synchronized (this) {
      if (primaryDone || cancelled) {
        offered = null;
      } else {
        copy = offered;
      }
    }
    if (offered == null) {
      budget.refund();
      if (run != null) {
        run.settleCall(estimate, 0);
        run.refundSpareCall();
      }
      return;
    }
    ctx.dispatcher.offerHedge(slot, offered);
  }

  /** Records how the hedge ended; returns whether it lost (was cancelled without answering first). */
  private boolean finishHedge(@Nullable ChatResponse response, long latency) {
    synchronized (this) {
      hedgeThread = null;
      hedgeDone = true;
      boolean lost = cancelled || primaryAnswered;
      if (response != null && !lost) {
        hedgeAnswer = response;
        hedgeLatencyNanos = latency;
        if (!primaryDone) {
          interruptedOwner = true;
          owner.interrupt();
        }
      }
      notifyAll();
      return lost && hedgeAnswer == null;
    }
  }

  private enum CopyState { OFFERED, STARTED, DROPPED }

  /** The second copy: queued ahead of the backend's lanes, it runs with a slot of its own. */
  private final class Copy implements Dispatcher.Startable {
    private final HedgeBudget budget;
    private final CostPlan.Admission admission;
    // Guarded by HedgedChat.this.
    CopyState state = CopyState.OFFERED;
    private Dispatcher.@Nullable Slot held;
    private long heldEpoch;

    Copy(HedgeBudget budget, CostPlan.Admission admission) {
      this.budget = budget;
      this.admission = admission;
    }

    @Override
    public boolean tryStart(Dispatcher.Slot from) {
      synchronized (HedgedChat.this) {
        if (state != CopyState.OFFERED || cancelled || primaryDone) {
          return false; // the first copy ended: cancelHedge gives back what the hedge took
        }
        state = CopyState.STARTED;
        held = from;
        heldEpoch = from.limit.epoch();
        return true;
      }
    }

    @Override
    public Dispatcher.Slot slot() {
      synchronized (HedgedChat.this) {
        return java.util.Objects.requireNonNull(held, "the hedge has not started");
      }
    }

    @Override
    public long epoch() {
      synchronized (HedgedChat.this) {
        return heldEpoch;
      }
    }

    @Override
    public void rejected(RejectedExecutionException e) {
      unsent();
      finishHedge(null, 0);
    }

    /** Gives back the share and budget of a copy that never called the backend. */
    void unsent() {
      budget.refund();
      EvaluationRun run = admission.run();
      if (run != null) {
        run.settleCall(admission.reservedUsd(), 0);
        run.refundSpareCall();
      }
    }

    @Override
    public void run() {
      boolean ran;
      synchronized (HedgedChat.this) {
        // Counted under this lock: the first copy's cancel takes it before its cell completes, so a
        // hedge that runs is always in the stats of the evaluation that paid for it. A hedge takes
        // room in the provider's announced rate budget only when it really calls, and never waits
        // for it: without room now it is given back like one that was never sent.
        ran = !cancelled && ctx.tryPace(target.backendId(), target.model(), request);
        if (ran) {
          hedgeThread = Thread.currentThread();
          hedgesSent++;
          EvaluationRun run = admission.run();
          if (run != null) {
            run.calls.incrementAndGet();
            run.hedges.incrementAndGet();
          }
        }
      }
      if (!ran) {
        unsent();
        finishHedge(null, 0);
        ctx.dispatcher.release(slot(), epoch(), LlmErrorKind.CANCELLED);
        return;
      }
      ChatResponse response = null;
      LlmErrorKind failure = null;
      long start = ctx.ticker.read();
      try {
        response = target.backend().chat(request);
      } catch (LlmException e) {
        failure = e.kind();
      } catch (Throwable t) { // whatever the copy throws, its slot goes back and the first copy is told
        failure = LlmErrorKind.UNKNOWN;
      } finally {
        CostPlan.settle(ctx, admission, target, response, 1);
        boolean lost = finishHedge(response, ctx.ticker.read() - start);
        Thread.interrupted();
        LlmErrorKind released = lost ? LlmErrorKind.CANCELLED : response == null && failure == null ? LlmErrorKind.UNKNOWN : failure;
        ctx.dispatcher.release(slot(), epoch(), released);
      }
    }
  }
}
