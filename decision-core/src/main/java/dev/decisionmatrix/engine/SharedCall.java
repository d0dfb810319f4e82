package dev.decisionmatrix.engine;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.CellLeases;
import dev.decisionmatrix.judge.BatchAnswer;
import dev.decisionmatrix.judge.BatchPrompt;
import dev.decisionmatrix.judge.InvalidAnswerException;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.judge.JudgmentParser;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Option;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one owner of a question's life: judging one sample of one cell for every evaluation that
 * asks it at the same time. It makes the backend call, asks once more after an invalid answer,
 * retries transient failures after a backoff, enforces the per-call timeout, and tells each
 * {@linkplain Waiter waiter} the outcome.
 *
 * <p>Waiters join and leave at any time: a waiter that leaves (its evaluation was cancelled or ran
 * past its deadline) detaches only itself; the call is given up only when no waiter is left, and
 * then at once: a queued call is dropped, a call in backoff stops waiting, a running call is
 * interrupted, and the call leaves the engine's in-flight map so a later question starts afresh.
 * Whatever an attempt throws, {@link Error}s and sneaky checked exceptions included, its slot is
 * given back and its waiters get an outcome.
 *
 * <p>States: queued (in the lanes of its waiters) → running (holding a slot, on its own thread) →
 * in backoff (holding neither) → queued again, or done. Guarded by {@code this}; never calls the
 * dispatcher while holding its own lock.
 *
 * <p>Batched mode: a call in a {@link BatchGroup} that starts leads it. It claims the group's other
 * queued calls (they go from queued to claimed, holding no slot, and their lane entries turn stale),
 * takes every member's lease in key order (so engines batching overlapping questions never wait on
 * each other in a cycle), and asks all the questions no other engine answered in one call. Each
 * member's cell of the answer is cached and told to its waiters on its own. A member whose cell the
 * answer misses or gets wrong goes back to the queue marked solo, to be asked in a call of its own;
 * when the call fails as a whole, the claimed members go back to the queue unmarked, free to join
 * another batch, and the leader retries as any call does. A claimed member whose last waiter leaves
 * is done at once; if the answer comes anyway, its cell is still cached, since it was paid for.
 */
final class SharedCall implements Dispatcher.Startable {

  private static final int MAX_ECHOED_ANSWER = 4_000;

  private enum State { QUEUED, RUNNING, CLAIMED, BACKOFF, DONE }

  /** One evaluation's interest in this call's outcome, for one sample of one of its cells. */
  static final class Waiter {
    final EvaluationRun run;
    final int cell;
    final int sample;
    final Dispatcher.Lane lane;
    @Nullable SharedCall call;

    Waiter(EvaluationRun run, int cell, int sample, Dispatcher.Lane lane) {
      this.run = run;
      this.cell = cell;
      this.sample = sample;
      this.lane = lane;
    }
  }

  /** How {@link #join} went. */
  enum Joined {
    /** The call is done or given up; ask another one. */
    REFUSED,
    /** Joined a queued call: queue it in the waiter's lane too, so it starts no later than there. */
    QUEUED,
    /** Joined a call that is running or in backoff. */
    STARTED
  }

  private final EngineContext ctx;
  final CacheKey key;
  private final JudgeTarget target;
  private final String topic;
  private final Option option;
  private final int sample;
  private final @Nullable BatchGroup group;

  // Guarded by this.
  private State state = State.QUEUED;
  private Dispatcher.@Nullable Slot slot;
  private final List<Waiter> waiters = new ArrayList<>(1);
  private @Nullable Waiter creator;
  private boolean abandoned;
  private @Nullable Thread thread;
  private boolean timedOut;
  private long timer;
  private Duration lastTimeout = Duration.ZERO;
  private @Nullable ScheduledFuture<?> retryTask;
  private long epoch;
  /** The group members this call claimed when it started, itself included, in criterion order. */
  private @Nullable List<SharedCall> claimedBatch;
  /** Never batched again: a batched answer missed or botched this question. */
  private boolean solo;

  // Touched by one attempt at a time; attempts are ordered through this call's state changes.
  private int tries;
  private int calls;
  private long firstStartNanos = -1;
  /** The latest attempt's latency, written and read on the thread that runs the call. */
  private long lastLatencyNanos = -1;
  private TokenUsage usage = TokenUsage.ZERO;
  /** How many cells the running attempt's call judges: above 1 for a batched call. */
  private int cellsInCall = 1;

  SharedCall(EngineContext ctx, CacheKey key, JudgeTarget target, String topic, Option option, int sample, @Nullable BatchGroup group) {
    this.ctx = ctx;
    this.key = key;
    this.target = target;
    this.topic = topic;
    this.option = option;
    this.sample = sample;
    this.group = group;
  }

  /** Returns the backend slot the call holds since it last started; set by {@link #tryStart}. */
  @Override
  public synchronized Dispatcher.Slot slot() {
    return java.util.Objects.requireNonNull(slot, "the call has not started");
  }

  @Override
  public synchronized long epoch() {
    return epoch;
  }

  /** Adds a waiter unless the call is done or given up. The first waiter ever is its creator. */
  synchronized Joined join(Waiter waiter) {
    if (state == State.DONE || abandoned) {
      return Joined.REFUSED;
    }
    if (creator == null) {
      creator = waiter;
    }
    waiters.add(waiter);
    waiter.call = this;
    return state == State.QUEUED ? Joined.QUEUED : Joined.STARTED;
  }

  /**
   * Removes a waiter. When it was the last one, gives the call up: see the class comment. Safe to
   * call for a waiter that already got its outcome.
   */
  void detach(Waiter waiter) {
    boolean leaveMap = false;
    ScheduledFuture<?> retry = null;
    synchronized (this) {
      if (state == State.DONE || !waiters.remove(waiter) || !waiters.isEmpty()) {
        return;
      }
      abandoned = true;
      leaveMap = true;
      switch (state) {
        case QUEUED, CLAIMED -> state = State.DONE; // stale lane entries are skipped; a leader skips it
        case BACKOFF -> {
          state = State.DONE;
          retry = retryTask;
        }
        case RUNNING -> {
          if (thread != null) {
            thread.interrupt();
          }
        }
        case DONE -> { }
      }
    }
    if (retry != null) {
      retry.cancel(false);
    }
    if (leaveMap) {
      ctx.inFlight.remove(key, this);
      releaseClaimed(); // a batch kept through a backoff goes back to the queue
    }
  }

  /**
   * Called by the dispatcher under its lock: takes the call out of the queue unless it left it.
   * The call gives back the slot it started from, which is the one the dispatcher counted it in.
   */
  @Override
  public synchronized boolean tryStart(Dispatcher.Slot from) {
    if (state != State.QUEUED || abandoned) {
      return false;
    }
    state = State.RUNNING;
    slot = from;
    epoch = from.limit.epoch();
    if (group != null && !solo) {
      // Claimed now, under the dispatcher's lock, so the queued members are not started in slots of their own.
      claimedBatch = group.claimFor(this, claimedBatch);
    }
    return true;
  }

  /** Takes the members this call claimed when it started, or null. */
  private synchronized @Nullable List<SharedCall> takeClaimed() {
    List<SharedCall> taken = claimedBatch;
    claimedBatch = null;
    return taken;
  }

  /** Fails the members this call claimed with the outcome of its batched call, which failed for good. */
  private void failClaimed(SampleOutcome outcome) {
    List<SharedCall> taken = takeClaimed();
    if (taken == null) {
      return;
    }
    for (SharedCall m : taken) {
      if (m != this) {
        synchronized (m) {
          if (m.state != State.CLAIMED) {
            continue;
          }
        }
        m.complete(new SampleOutcome(outcome.judgment(), 1, TokenUsage.ZERO, outcome.latencyNanos()));
      }
    }
  }

  /** Keeps claimed members for this call's retry, after its batched call failed. */
  private synchronized void keepClaimed(List<SharedCall> kept) {
    claimedBatch = kept;
  }

  /** Whether a leader still holds this call from a failed batched attempt. */
  synchronized boolean isClaimed() {
    return state == State.CLAIMED;
  }

  /** Gives back, unmarked, the members this call claimed but will not ask. */
  private void releaseClaimed() {
    List<SharedCall> taken = takeClaimed();
    if (taken != null) {
      for (SharedCall m : taken) {
        if (m != this) {
          m.unclaim(false);
        }
      }
    }
  }

  /** The executor refused the call; its slot was given back already. */
  @Override
  public void rejected(RejectedExecutionException e) {
    releaseClaimed();
    String message = ctx.isClosed()
        ? "the engine was closed before this cell was judged"
        : "the executor refused to run the call (" + e.getMessage() + "); it was shut down or cannot take more work";
    complete(SampleOutcome.failed(ctx.isClosed() ? LlmErrorKind.CANCELLED : LlmErrorKind.UNKNOWN, message, calls));
  }

  @Override
  public void run() {
    Judgment judgment = null;
    LlmException failure = null;
    boolean skipped;
    synchronized (this) {
      skipped = abandoned;
      if (!skipped) {
        thread = Thread.currentThread();
      }
    }
    try {
      if (!skipped) {
        tries++;
        if (firstStartNanos < 0) {
          firstStartNanos = ctx.ticker.read();
        }
        judgment = attempt();
      }
    } catch (LlmException e) {
      failure = e;
    } catch (Throwable t) { // an Error or a checked exception thrown sneakily must not leak the slot
      failure = unexpected(t);
    } finally {
      boolean wasTimedOut;
      boolean wasAbandoned;
      synchronized (this) {
        thread = null;
        wasTimedOut = timedOut;
        timedOut = false;
        wasAbandoned = abandoned;
      }
      // A timeout or the last waiter's leaving may have interrupted us after the call returned.
      Thread.interrupted();
      if (failure != null && wasAbandoned) {
        failure = new LlmException(LlmErrorKind.CANCELLED, "every evaluation waiting for this call was cancelled");
      } else if (failure != null && wasTimedOut) {
        failure = new LlmException(LlmErrorKind.TIMEOUT, timeoutMessage(), null, 0, target.backendId(), target.model(), failure);
      }
      // A call the circuit breaker refused never reached the provider: no backpressure from it.
      ctx.dispatcher.release(slot(), epoch(),
          skipped || failure instanceof CircuitOpenException ? LlmErrorKind.CANCELLED : failure == null ? null : failure.kind(),
          failure == null ? lastLatencyNanos : -1);
    }
    if (skipped) {
      releaseClaimed(); // claimed but never asked
      complete(SampleOutcome.failed(LlmErrorKind.CANCELLED, "every evaluation waiting for this call was cancelled", calls));
    } else if (failure == null) {
      ctx.cachePut(key, judgment);
      complete(new SampleOutcome(judgment, calls, usage, ctx.ticker.read() - firstStartNanos));
    } else {
      onFailure(failure);
    }
  }

  private LlmException unexpected(Throwable t) {
    if (t instanceof RejectedExecutionException && ctx.isClosed()) {
      return new LlmException(LlmErrorKind.CANCELLED, "the engine was closed before this cell was judged");
    }
    if (t instanceof VirtualMachineError) {
      EngineContext.LOG.log(Level.ERROR, "A backend call ended with " + t + "; the cell is marked failed", t);
    }
    String detail = t.getMessage() == null ? "" : ": " + t.getMessage();
    return new LlmException(LlmErrorKind.UNKNOWN, "the backend failed unexpectedly: " + t.getClass().getSimpleName() + detail,
        null, 0, target.backendId(), target.model(), t);
  }

  /** Judges the sample, unless another engine sharing the cache holds its lease and answers. */
  private Judgment attempt() {
    List<SharedCall> batch = takeClaimed();
    if (batch != null && batch.size() > 1) {
      return new BatchAttempt(batch).run();
    }
    try (CellLeases.Lease lease = ctx.leases.acquire(key)) {
      Judgment shared = lease.answer();
      if (shared != null) {
        return shared;
      }
      Judgment judgment = judge();
      lease.publish(judgment);
      return judgment;
    }
  }

  /** Most output tokens a batched call asks for per cell beyond the one-cell limit: a batched entry is short. */
  private static final int BATCH_TOKENS_PER_CELL = 256;

  /** The output limit of a batched call of {@code cells} cells: room for each, never below the one-cell limit. */
  static int batchMaxTokens(EngineContext ctx, int cells) {
    return (int) Math.min((long) ctx.maxTokens * cells, Math.max(ctx.maxTokens, (long) BATCH_TOKENS_PER_CELL * cells));
  }

  /** One batched call led by this call; see the class comment. */
  private final class BatchAttempt {
    private final List<SharedCall> members;
    private final Map<SharedCall, CellLeases.Lease> leases = new IdentityHashMap<>();
    /** Claimed members neither answered nor handed back yet; handed back unmarked if the call fails. */
    private final Set<SharedCall> open = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param members the questions, in criterion order, this call included */
    BatchAttempt(List<SharedCall> members) {
      this.members = members;
      for (SharedCall m : members) {
        if (m != SharedCall.this) {
          open.add(m);
        }
      }
    }

    Judgment run() {
      long start = firstStartNanos;
      try {
        Judgment own = null;
        List<SharedCall> byKey = new ArrayList<>(members);
        byKey.sort(Comparator.comparing(m -> m.key.hex()));
        for (SharedCall m : byKey) {
          CellLeases.Lease lease = ctx.leases.acquire(m.key);
          leases.put(m, lease);
          Judgment shared = lease.answer();
          if (shared == null) {
            continue;
          }
          if (m == SharedCall.this) {
            own = shared;
          } else if (open.remove(m)) {
            m.completeFromBatch(shared, TokenUsage.ZERO, start, false);
          }
        }
        boolean askOwn = own == null;
        List<SharedCall> asked = new ArrayList<>(members.size());
        for (SharedCall m : members) {
          if (m == SharedCall.this ? askOwn : open.contains(m)) {
            asked.add(m);
          }
        }
        if (asked.size() > 1 || (asked.size() == 1 && !askOwn)) {
          Answered answered = ask(asked);
          BatchAnswer answer = answered.answer();
          for (int i = 0; i < asked.size(); i++) {
            SharedCall m = asked.get(i);
            Judgment judgment = answer == null ? null : answer.judgment(i);
            if (m == SharedCall.this) {
              own = judgment;
              continue;
            }
            open.remove(m);
            if (judgment != null) {
              leases.get(m).publish(judgment);
              m.completeFromBatch(judgment, answered.share(), start, true);
            } else {
              countReask();
              m.unclaim(true);
            }
          }
        }
        if (own == null) {
          // Not in the answer, or alone: asked on its own, in the slot this call holds.
          if (asked.size() > 1) {
            countReask();
            synchronized (SharedCall.this) {
              solo = true;
            }
          }
          own = judge();
        }
        if (askOwn) {
          leases.get(SharedCall.this).publish(own);
        }
        return own;
      } catch (RuntimeException | Error failed) {
        // Kept for the retry, which asks them again in one call, or failed with this call for good.
        List<SharedCall> kept = new ArrayList<>(members.size());
        for (SharedCall m : members) {
          if (m == SharedCall.this || open.contains(m)) {
            kept.add(m);
          }
        }
        open.clear();
        keepClaimed(kept);
        throw failed;
      } finally {
        for (SharedCall m : open) {
          m.unclaim(false);
        }
        for (CellLeases.Lease lease : leases.values()) {
          lease.close();
        }
      }
    }

    /** Asks the questions in one call; the answer is null when it is unusable as a whole. */
    private Answered ask(List<SharedCall> asked) {
      List<Criterion> criteria = new ArrayList<>(asked.size());
      for (SharedCall m : asked) {
        criteria.add(m.target.criterion());
      }
      int n = asked.size();
      ChatRequest request =
          new ChatRequest(BatchPrompt.system(), List.of(ChatMessage.user(BatchPrompt.user(topic, option, criteria, sample))),
              target.model(), target.temperature(), batchMaxTokens(ctx, n), BatchPrompt.SCHEMA);
      TokenUsage before = usage;
      cellsInCall = n;
      ChatResponse response;
      try {
        response = call(request);
      } finally {
        cellsInCall = 1;
      }
      TokenUsage share = share(response.usage(), n);
      usage = before.plus(share);
      try {
        return new Answered(JudgmentParser.parseBatch(response.text(), n), share);
      } catch (InvalidAnswerException unusable) {
        EngineContext.LOG.log(Level.DEBUG, "a batched answer for {0} was unusable ({1}); its {2} cells are asked one by one",
            option.name(), unusable.getMessage(), n);
        return new Answered(null, share);
      }
    }
  }

  /** A batched call's answer (null when unusable as a whole) and each cell's share of its tokens. */
  private record Answered(@Nullable BatchAnswer answer, TokenUsage share) {}

  private static TokenUsage share(TokenUsage usage, int cells) {
    return cells <= 1 ? usage : new TokenUsage(usage.inputTokens() / cells, usage.outputTokens() / cells);
  }

  private void countReask() {
    EvaluationRun account = account();
    if (account != null) {
      account.reasks.incrementAndGet();
    }
  }

  private Judgment judge() {
    String user = JudgePrompt.user(topic, target.criterion(), option, sample);
    ChatRequest request =
        new ChatRequest(JudgePrompt.system(), List.of(ChatMessage.user(user)), target.model(), target.temperature(),
            ctx.maxTokens, JudgePrompt.SCHEMA);
    ChatResponse response = call(request);
    try {
      return JudgmentParser.parse(response.text());
    } catch (InvalidAnswerException invalid) {
      EvaluationRun account = account();
      if (account != null) {
        account.reasks.incrementAndGet();
      }
      String echoed = response.text().length() <= MAX_ECHOED_ANSWER ? response.text() : response.text().substring(0, MAX_ECHOED_ANSWER);
      ChatRequest again =
          new ChatRequest(
              request.system(),
              List.of(ChatMessage.user(user), ChatMessage.assistant(echoed), ChatMessage.user(JudgePrompt.reask(invalid.getMessage()))),
              request.model(),
              request.temperature(),
              request.maxTokens(),
              request.responseSchema());
      ChatResponse second = call(again);
      try {
        return JudgmentParser.parse(second.text());
      } catch (InvalidAnswerException stillInvalid) {
        throw new InvalidAnswerException("asked twice, the model gave no valid judgment; last problem: " + stillInvalid.getMessage());
      }
    }
  }

  private ChatResponse call(ChatRequest request) {
    ctx.pace(target.backendId(), target.model(), request, cellsInCall);
    CircuitBreaker breaker = ctx.breakerFor(target.backendId(), target.model());
    boolean probe = breaker != null && breaker.admit(); // throws while the provider is down
    try {
      ChatResponse response = callThrough(request);
      if (breaker != null) {
        breaker.onSuccess();
      }
      return response;
    } catch (LlmException e) {
      if (breaker != null) {
        boolean gaveUp;
        boolean timeout;
        synchronized (this) {
          gaveUp = abandoned;
          timeout = timedOut;
        }
        if (gaveUp) {
          if (probe) {
            breaker.probeAbandoned();
          }
        } else {
          breaker.onFailure(timeout ? new LlmException(LlmErrorKind.TIMEOUT, "no answer in time") : e, probe);
        }
      }
      throw e;
    } catch (RuntimeException | Error e) {
      if (probe) {
        breaker.probeAbandoned();
      }
      throw e;
    }
  }

  private ChatResponse callThrough(ChatRequest request) {
    CostPlan.Admission admission = CostPlan.admit(ctx, this, target, request, cellsInCall);
    calls++;
    EvaluationRun account = account();
    if (account != null) {
      account.calls.incrementAndGet();
    }
    int cells = cellsInCall;
    Duration limit = CallTimeout.forCells(ctx, target, cells);
    long id;
    synchronized (this) {
      id = ++timer;
      lastTimeout = limit;
    }
    long started = ctx.ticker.read();
    ctx.onCallStarted(target.backendId(), target.model());
    HedgedChat chat = new HedgedChat(ctx, target, request, slot(), account, this::stillWanted, cells == 1);
    CallTimeout timeout = new CallTimeout(ctx, target, () -> onTimeout(id), derived -> adoptTimeout(id, derived), cells);
    timeout.start(limit);
    ChatResponse response = null;
    try {
      response = chat.run();
    } finally {
      timeout.cancel();
      synchronized (this) {
        timer++; // a timer that fires from now on finds another id and does nothing
      }
      // A winning hedge books its own tokens; the first copy it beat paid for a call and got nothing.
      CostPlan.settle(ctx, admission, target, chat.hedgeWon() ? null : response, cells);
      calls += chat.hedgesSent();
    }
    synchronized (this) {
      if (timedOut && !abandoned) {
        // The answer came in as the timer fired: keep it, and do not let the interrupt hit the next call.
        timedOut = false;
        Thread.interrupted();
      }
    }
    if (response != null) {
      // Per cell, so the adaptive timeout and limit read batched and one-cell calls alike.
      lastLatencyNanos = (chat.hedgeWon() ? chat.hedgeLatencyNanos() : ctx.ticker.read() - started) / cells;
      ctx.recordLatency(target.backendId(), target.model(), lastLatencyNanos);
      ctx.observeRateLimits(target.backendId(), target.model(), response.rateLimits());
    }
    if (response == null) {
      throw new LlmException(LlmErrorKind.UNKNOWN, "the backend returned no response");
    }
    usage = usage.plus(response.usage());
    if (account != null) {
      account.tokensIn.addAndGet(response.usage().inputTokens());
      account.tokensOut.addAndGet(response.usage().outputTokens());
    }
    return response;
  }

  /** Whether the call still wants the answer of its running attempt: not given up, not timed out. */
  private synchronized boolean stillWanted() {
    return !abandoned && !timedOut;
  }

  /**
   * Whether the call may still answer without asking a budget again: it is running, or it is done
   * and telling its waiters. A queued call or one waiting to retry would ask again.
   */
  synchronized boolean mayAnswerWithoutAdmission() {
    return state == State.RUNNING || state == State.CLAIMED || state == State.DONE;
  }

  /** Takes this queued call into a leader's batched call; false if it started, left or must be asked alone. */
  synchronized boolean claimForBatch() {
    if (state != State.QUEUED || abandoned || solo || waiters.isEmpty()) {
      return false;
    }
    state = State.CLAIMED;
    return true;
  }

  /**
   * Answers a claimed call with its cell of a batched answer (or another engine's shared answer).
   * The judgment is cached even when nobody waits any more: it was paid for.
   */
  private void completeFromBatch(Judgment judgment, TokenUsage share, long startNanos, boolean fromCall) {
    if (fromCall) {
      ctx.cachePut(key, judgment);
    }
    synchronized (this) {
      if (state != State.CLAIMED) {
        return;
      }
      calls = fromCall ? 1 : 0;
      usage = share;
      firstStartNanos = startNanos;
    }
    complete(new SampleOutcome(judgment, fromCall ? 1 : 0, share, ctx.ticker.read() - startNanos));
  }

  /** Gives a claimed call back to the queue; {@code alone} marks it to be asked in a call of its own. */
  private void unclaim(boolean alone) {
    synchronized (this) {
      if (state != State.CLAIMED) {
        return;
      }
      solo |= alone;
    }
    requeueFrom(State.CLAIMED);
  }

  /** The evaluation whose stats and budget pay for the next call: the first waiter's, or null. */
  @Nullable EvaluationRun payer() {
    return account();
  }

  /** The cell of the first waiter from an evaluation, or -1 if it waits for none. */
  synchronized int cellOf(EvaluationRun run) {
    for (Waiter w : waiters) {
      if (w.run == run) {
        return w.cell;
      }
    }
    return -1;
  }

  /** The evaluation whose stats count this call's backend calls: its first waiter still waiting. */
  private synchronized @Nullable EvaluationRun account() {
    return waiters.isEmpty() ? null : waiters.getFirst().run;
  }

  private void onFailure(LlmException failure) {
    LlmException e = failure.withContext(target.backendId(), target.model());
    Duration delay = null;
    java.util.Set<EvaluationRun> runs = java.util.Set.of();
    if (e.retryable() && !(failure instanceof CircuitOpenException) && tries < ctx.retryPolicy.maxAttempts()) {
      synchronized (this) {
        if (!abandoned && !waiters.isEmpty()) {
          delay = ctx.retryPolicy.backoff(tries, e.retryAfter().orElse(Duration.ZERO), ctx.random.get());
          state = State.BACKOFF;
          runs = runsOf(waiters);
          // Counted before the retry is scheduled: a fast retry may finish the evaluation at once.
          runs.forEach(r -> r.retries.incrementAndGet());
          try {
            retryTask = ctx.scheduler.schedule(this::retryNow, delay.toNanos(), TimeUnit.NANOSECONDS);
          } catch (RejectedExecutionException closed) {
            runs.forEach(r -> r.retries.decrementAndGet());
            state = State.RUNNING; // not in backoff after all: complete below
            delay = null;
            e = new LlmException(LlmErrorKind.CANCELLED, "the engine was closed before this cell was judged");
          }
        }
      }
    }
    if (delay == null) {
      EngineContext.LOG.log(Level.DEBUG, "a call for {0} x {1} failed for good after {2} call(s): {3}",
          option.name(), target.criterion().name(), calls, e.getMessage());
      SampleOutcome outcome = new SampleOutcome(new Judgment.Failed(e.kind(), message(e), calls), calls, usage,
          firstStartNanos < 0 ? 0 : ctx.ticker.read() - firstStartNanos);
      boolean gaveUp;
      synchronized (this) {
        gaveUp = abandoned;
      }
      if (gaveUp) {
        releaseClaimed(); // still wanted by others: asked again without this call
      } else {
        failClaimed(outcome); // the batched call failed for good: so did every cell it asked
      }
      complete(outcome);
      return;
    }
    RetryEvent event = new RetryEvent(option.name(), target.criterion().name(), target.backendId(), e.kind(), message(e), tries, delay);
    for (EvaluationRun r : runs) {
      r.notifyRetry(event);
    }
  }

  /** The distinct evaluations of some waiters, in order. */
  private static java.util.Set<EvaluationRun> runsOf(java.util.Collection<Waiter> waiters) {
    java.util.Set<EvaluationRun> runs = new java.util.LinkedHashSet<>();
    for (Waiter w : waiters) {
      runs.add(w.run);
    }
    return runs;
  }

  private void retryNow() {
    requeueFrom(State.BACKOFF);
  }

  /** Queues the call again, at the front of its waiters' lanes, if it is still in state {@code from}. */
  private void requeueFrom(State from) {
    List<Dispatcher.Lane> lanes;
    synchronized (this) {
      if (state != from) {
        return;
      }
      state = State.QUEUED;
      retryTask = null;
      lanes = new ArrayList<>(waiters.size());
      for (Waiter w : waiters) {
        if (!lanes.contains(w.lane)) {
          lanes.add(w.lane);
        }
      }
    }
    if (ctx.dispatcher.requeue(lanes, this) == 0) {
      // Every waiter's evaluation closed its lane; they detach (or did), which gives the call up.
      synchronized (this) {
        if (waiters.isEmpty() && state == State.QUEUED) {
          state = State.DONE;
          abandoned = true;
        }
      }
      ctx.inFlight.remove(key, this);
    }
  }

  private void complete(SampleOutcome outcome) {
    List<Waiter> told;
    Waiter first;
    synchronized (this) {
      if (state == State.DONE && waiters.isEmpty()) {
        ctx.inFlight.remove(key, this);
        return;
      }
      state = State.DONE;
      told = List.copyOf(waiters);
      waiters.clear();
      first = creator;
    }
    ctx.inFlight.remove(key, this);
    for (Waiter w : told) {
      w.run.onSample(w.cell, w.sample, outcome, w == first ? CellResult.Source.BACKEND : CellResult.Source.SHARED);
    }
  }

  private synchronized void adoptTimeout(long id, Duration derived) {
    if (timer == id) {
      lastTimeout = derived;
    }
  }

  private void onTimeout(long id) {
    synchronized (this) {
      if (thread != null && timer == id) {
        timedOut = true;
        thread.interrupt();
      }
    }
  }

  private synchronized String timeoutMessage() {
    String setting = ctx.callTimeoutSetting();
    if (lastTimeout.equals(ctx.callTimeout)) {
      return "no answer within the call timeout of " + format(ctx.callTimeout) + " (raise " + setting + " for a slower provider)";
    }
    return "no answer within " + format(lastTimeout) + ", the timeout derived from this backend's observed latency"
        + " (the ceiling is " + setting + " = " + format(ctx.callTimeout) + ")";
  }

  private static String message(LlmException e) {
    String m = e.getMessage() == null ? e.kind().name() : e.getMessage();
    String where = e.backend() == null ? "" : e.backend() + (e.model() == null ? "" : "/" + e.model()) + ": ";
    return m.startsWith(where) ? m : where + m;
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
