package dev.decisionmatrix.engine;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cost.EvaluationCost;
import dev.decisionmatrix.cost.ModelUsage;
import dev.decisionmatrix.judge.BatchPrompt;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation in progress: which cells it judges, their samples as they land, the listener,
 * counters, cancellation and the deadline.
 */
final class EvaluationRun {

  private final EngineContext ctx;
  private final Decision decision;
  private final EvaluationOptions options;
  private final JudgeTarget[] targets;
  private final int cols;
  private final @Nullable Judgment[] cells;
  private final CellAccumulator[] accumulators;
  private final int total;
  private final long startNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private int done;
  private int failed;
  private int cacheHitCells;
  private boolean finished;
  private boolean cancelled;
  private boolean listenerWarned;

  final AtomicLong calls = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong reasks = new AtomicLong();
  final AtomicLong cacheHits = new AtomicLong();
  final AtomicLong cacheMisses = new AtomicLong();
  final AtomicLong sharedCalls = new AtomicLong();
  final AtomicLong hedges = new AtomicLong();
  final AtomicLong tokensIn = new AtomicLong();
  final AtomicLong tokensOut = new AtomicLong();
  final UsageLedger spent = new UsageLedger();
  final UsageLedger saved = new UsageLedger();
  private final BudgetGuard budget;
  private final boolean[] skipped;

  // Written by the starting thread, read by a cancelling one: atomic, so neither misses the other.
  private final AtomicReferenceArray<SharedCall.Waiter> waiters;
  private final Map<String, Dispatcher.Lane> lanes = new ConcurrentHashMap<>();
  private final CompletableFuture<Evaluation> future = new CompletableFuture<>();
  private volatile boolean done0;
  private volatile @Nullable ScheduledFuture<?> deadlineTask;

  EvaluationRun(EngineContext ctx, Evaluation start, EvaluationOptions options, JudgeTarget[] targets, int[] scope) {
    this.ctx = ctx;
    this.decision = start.decision();
    this.options = options;
    this.targets = targets;
    this.cols = decision.criteria().size();
    this.cells = new Judgment[decision.cellCount()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = start.judgment(i / cols, i % cols);
    }
    this.accumulators = new CellAccumulator[cells.length];
    for (int cell : scope) {
      accumulators[cell] = new CellAccumulator(options.samples());
    }
    this.total = scope.length;
    this.waiters = new AtomicReferenceArray<>(scope.length == 0 ? 0 : cells.length * options.samples());
    this.startNanos = ctx.ticker.read();
    this.budget = new BudgetGuard(options.budget());
    this.skipped = new boolean[cells.length];
  }

  /** Returns the decision's topic, for prompts. */
  Decision decision() {
    return decision;
  }

  private Option option(int cell) {
    return decision.options().get(cell / cols);
  }

  CompletableFuture<Evaluation> future() {
    return future;
  }

  boolean isFinished() {
    return done0;
  }

  Progress progress() {
    lock.lock();
    try {
      return new Progress(done, total, cacheHitCells, failed);
    } finally {
      lock.unlock();
    }
  }

  /** Looks every sample up in the cache and queues the misses; called once. */
  void start(@Nullable Duration deadline) {
    if (total == 0) {
      finish();
      return;
    }
    if (deadline != null) {
      deadlineTask =
          ctx.scheduler.schedule(
              () -> cancel(LlmErrorKind.TIMEOUT, "the evaluation's deadline of " + deadline + " passed before this cell was judged"),
              deadline.toNanos(),
              TimeUnit.NANOSECONDS);
    }
    Map<CacheKey, Judgment> prefetched = prefetch();
    Map<Dispatcher.Lane, List<SharedCall>> batches = new HashMap<>();
    Map<String, BatchGroup> groups = options.batched() ? new HashMap<>() : null;
    for (int cell = 0; cell < accumulators.length && !done0; cell++) {
      if (accumulators[cell] == null) {
        continue;
      }
      for (int sample = 0; sample < options.firstRoundSamples(); sample++) {
        SharedCall.Waiter waiter = lookUpOrJoin(cell, sample, prefetched, groups);
        if (waiter != null) {
          batches.computeIfAbsent(waiter.lane, l -> new ArrayList<>()).add(waiter.call);
        }
      }
    }
    enqueue(batches);
  }

  /** Queues the calls of a round, by lane. */
  private void enqueue(Map<Dispatcher.Lane, List<SharedCall>> batches) {
    batches.forEach((lane, list) -> {
      if (!ctx.dispatcher.enqueue(lane, list)) {
        // Cancelled meanwhile: cancel() detached every waiter registered so far, or will.
        detachAll();
      }
    });
  }

  /**
   * Looks every sample the evaluation may read up in one cache call, so a remote cache answers the
   * whole matrix in one round trip. The result is a snapshot: a sample it misses is looked up again
   * on its own, since another evaluation's call may have stored it meanwhile.
   */
  private Map<CacheKey, Judgment> prefetch() {
    if (options.scope() == Scope.ALL) {
      return Map.of();
    }
    List<CacheKey> keys = new ArrayList<>();
    for (int cell = 0; cell < accumulators.length; cell++) {
      if (accumulators[cell] != null) {
        for (int sample = 0; sample < options.samples(); sample++) {
          keys.add(keyOf(cell, sample, targets[cell % cols]));
          if (options.batched()) {
            keys.add(keyOf(ctx, decision, option(cell), targets[cell % cols], sample, false));
          }
        }
      }
    }
    return keys.isEmpty() ? Map.of() : ctx.cacheGetAll(keys);
  }

  /**
   * Answers a sample from the cache if possible; otherwise waits for the call that asks the
   * question, joining another evaluation's call or creating one. Returns the waiter when the call
   * must be queued in this evaluation's lane, {@code null} otherwise. With {@code groups} (the
   * batched mode's first round), a call it creates joins the open batch group of its option,
   * sample and judge.
   */
  private SharedCall.@Nullable Waiter lookUpOrJoin(int cell, int sample, Map<CacheKey, Judgment> prefetched,
      @Nullable Map<String, BatchGroup> groups) {
    JudgeTarget target = targets[cell % cols];
    CacheKey key = keyOf(cell, sample, target);
    boolean readCache = options.scope() != Scope.ALL;
    SharedCall.Waiter waiter = null; // made only on a miss: a warm evaluation opens no lane
    // In-flight calls first, then the cache: a call stores its answer before it leaves the in-flight
    // map, so a question found in neither is really unanswered (the other order could miss both).
    while (true) {
      SharedCall existing = ctx.inFlight.get(key);
      if (existing != null) {
        if (waiter == null) {
          waiter = new SharedCall.Waiter(this, cell, sample, laneFor(target));
        }
        SharedCall.Joined joined = existing.join(waiter);
        if (joined != SharedCall.Joined.REFUSED) {
          if (readCache) {
            cacheMisses.incrementAndGet();
          }
          sharedCalls.incrementAndGet();
          register(waiter);
          return joined == SharedCall.Joined.QUEUED ? waiter : null;
        }
        ctx.inFlight.remove(key, existing); // done or given up: make room for a new call
        continue;
      }
      if (readCache) {
        Judgment hit = cached(key, prefetched);
        if (hit == null && options.batched()) {
          // A one-cell judgment of the same question serves a batched evaluation too: it is the more independent one.
          hit = cached(keyOf(ctx, decision, option(cell), target, sample, false), prefetched);
        }
        if (hit != null) {
          cacheHits.incrementAndGet();
          CostPlan.recordSaving(ctx, this, target, option(cell), sample);
          onSample(cell, sample, SampleOutcome.cached(hit), CellResult.Source.CACHE);
          return null;
        }
      }
      if (waiter == null) {
        waiter = new SharedCall.Waiter(this, cell, sample, laneFor(target));
      }
      BatchGroup group = groups == null ? null : groupOf(groups, cell, sample, target);
      SharedCall fresh = new SharedCall(ctx, key, target, decision.topic(), option(cell), sample, group);
      fresh.join(waiter);
      if (ctx.inFlight.putIfAbsent(key, fresh) != null) {
        continue;
      }
      if (group != null) {
        group.add(fresh);
      }
      if (readCache) {
        cacheMisses.incrementAndGet();
      }
      register(waiter);
      return waiter;
    }
  }

  private @Nullable Judgment cached(CacheKey key, Map<CacheKey, Judgment> prefetched) {
    Judgment hit = prefetched.get(key);
    return hit != null ? hit : ctx.cacheGet(key);
  }

  /** The open batch group of a cell's option, sample and judge; a new one once it is full. */
  private BatchGroup groupOf(Map<String, BatchGroup> groups, int cell, int sample, JudgeTarget target) {
    String id = BatchGroup.idOf(cell / cols, sample, target);
    BatchGroup group = groups.get(id);
    if (group == null || group.isFull()) {
      group = new BatchGroup(options.batchCriteria());
      groups.put(id, group);
    }
    return group;
  }

  /** Remembers a waiter so a cancel can detach it; detaches at once if the evaluation ended. */
  private void register(SharedCall.Waiter waiter) {
    waiters.set(waiter.cell * options.samples() + waiter.sample, waiter);
    if (done0) {
      SharedCall call = waiter.call;
      if (call != null) {
        call.detach(waiter);
      }
    }
  }

  private void detachAll() {
    for (int i = 0; i < waiters.length(); i++) {
      SharedCall.Waiter waiter = waiters.get(i);
      SharedCall call = waiter == null ? null : waiter.call;
      if (call != null) {
        call.detach(waiter);
      }
    }
  }

  private Dispatcher.Lane laneFor(JudgeTarget target) {
    return lanes.computeIfAbsent(target.backendId(), id -> ctx.dispatcher.newLane(id, target.backend().maxConcurrency()));
  }

  private CacheKey keyOf(int cell, int sample, JudgeTarget target) {
    return keyOf(ctx, decision, option(cell), target, sample, options.batched());
  }

  /**
   * The cache key of one sample of one cell. Batched judgments are kept apart from one-cell ones:
   * their prompt differs, and a one-cell judgment is the more independent of the two.
   */
  static CacheKey keyOf(EngineContext ctx, Decision decision, Option option, JudgeTarget target, int sample, boolean batched) {
    Criterion criterion = target.criterion();
    return CacheKey.builder()
        .field("prompt", batched ? BatchPrompt.VERSION : JudgePrompt.VERSION)
        .field("topic", decision.topic())
        .field("option", option.name())
        .field("optionDescription", option.description())
        .field("criterion", criterion.name())
        .field("criterionDescription", criterion.description())
        .field("rubric", criterion.rubric())
        .field("direction", criterion.direction().label())
        .field("backend", target.backendId())
        .field("model", target.model())
        .field("temperature", target.temperature())
        .field("maxTokens", ctx.maxTokens)
        .field("sample", sample)
        .build();
  }

  /**
   * Records one sample's outcome; when a cell has all its samples (or, with an early stop, its
   * first two agree), publishes its judgment. When the first two disagree, asks for the rest.
   */
  void onSample(int cell, int sample, SampleOutcome outcome, CellResult.Source source) {
    boolean last = false;
    boolean expand = false;
    lock.lock();
    try {
      CellAccumulator acc = accumulators[cell];
      if (finished || acc == null || acc.isComplete() || skipped[cell]) {
        return;
      }
      acc.add(sample, outcome, source);
      if (!acc.isComplete() && options.earlyStop() != null && options.firstRoundSamples() < options.samples()) {
        expand = acc.afterProbe(options.firstRoundSamples(), options.earlyStop());
      }
      if (!acc.isComplete()) {
        return;
      }
      Judgment judgment = acc.reduce(options.reducer());
      cells[cell] = judgment;
      done++;
      if (judgment instanceof Judgment.Failed) {
        failed++;
      }
      if (acc.allFromCache()) {
        cacheHitCells++;
      }
      CellResult result =
          new CellResult(cell / cols, cell % cols, option(cell).name(), decision.criteria().get(cell % cols).name(), judgment,
              acc.source(), acc.attempts(), acc.usage(), Duration.ofNanos(acc.latencyNanos()));
      Progress progress = new Progress(done, total, cacheHitCells, failed);
      try {
        options.listener().onCell(result, progress);
      } catch (RuntimeException e) {
        warnListener(e);
      }
      last = done == total;
    } finally {
      lock.unlock();
      if (expand) {
        askRest(cell);
      }
    }
    if (last) {
      finish();
    }
  }

  /** Asks for a cell's samples beyond the first round, outside the lock (cache hits re-enter onSample). */
  private void askRest(int cell) {
    if (done0) {
      return;
    }
    Map<Dispatcher.Lane, List<SharedCall>> batches = new HashMap<>();
    for (int sample = options.firstRoundSamples(); sample < options.samples(); sample++) {
      SharedCall.Waiter waiter = lookUpOrJoin(cell, sample, Map.of(), null);
      if (waiter != null) {
        batches.computeIfAbsent(waiter.lane, l -> new ArrayList<>()).add(waiter.call);
      }
    }
    enqueue(batches);
  }

  /**
   * Asks the budget for one more call expected to cost {@code estimateUsd}; on refusal the cells
   * whose calls have not started are given up (they stay as they were, missing), and so is {@code
   * cell}, the one that asked.
   */
  boolean admitCall(int cell, double estimateUsd) {
    if (budget.admit(estimateUsd)) {
      return true;
    }
    skipUnstarted(cell);
    return false;
  }

  /** Asks the budget for an optional call (a hedge); a refusal gives nothing up. */
  boolean admitSpareCall(double estimateUsd) {
    return budget.admitSpare(estimateUsd);
  }

  /** Gives back an optional call that was admitted but not made. */
  void refundSpareCall() {
    budget.refundSpare();
  }

  boolean hasCostBudget() {
    return options.budget().maxCostUsd() != null;
  }

  void settleCall(double reservedUsd, double actualUsd) {
    budget.settle(reservedUsd, actualUsd);
  }

  /** Gives up, for the budget, the cell that asked and every open cell with no call running. */
  private void skipUnstarted(int askingCell) {
    List<SharedCall.Waiter> toDetach = new ArrayList<>();
    boolean last;
    lock.lock();
    try {
      if (finished) {
        return;
      }
      int samples = options.samples();
      for (int cell = 0; cell < accumulators.length; cell++) {
        CellAccumulator acc = accumulators[cell];
        if (acc == null || acc.isComplete() || skipped[cell]) {
          continue;
        }
        boolean running = false;
        for (int s = 0; s < samples && cell != askingCell; s++) {
          SharedCall.Waiter w = waiters.get(cell * samples + s);
          running |= w != null && w.call != null && w.call.mayAnswerWithoutAdmission();
        }
        if (running) {
          continue;
        }
        skipped[cell] = true;
        done++;
        for (int s = 0; s < samples; s++) {
          SharedCall.Waiter w = waiters.get(cell * samples + s);
          if (w != null) {
            toDetach.add(w);
          }
        }
      }
      last = done == total;
    } finally {
      lock.unlock();
    }
    for (SharedCall.Waiter w : toDetach) {
      SharedCall call = w.call;
      if (call != null) {
        call.detach(w);
      }
    }
    if (last) {
      finish();
    }
  }

  void notifyRetry(RetryEvent event) {
    lock.lock();
    try {
      if (finished) {
        return;
      }
      options.listener().onRetry(event);
    } catch (RuntimeException e) {
      warnListener(e);
    } finally {
      lock.unlock();
    }
  }

  private void warnListener(RuntimeException e) {
    if (!listenerWarned) {
      listenerWarned = true;
      EngineContext.LOG.log(Level.WARNING, "An evaluation listener threw; ignoring it: " + e, e);
    }
  }

  /**
   * Stops the evaluation: queued calls are dropped, running calls interrupted, and every cell
   * still open gets a failed judgment of the given kind. The result completes at once.
   */
  void cancel(LlmErrorKind kind, String message) {
    Evaluation result;
    lock.lock();
    try {
      if (finished) {
        return;
      }
      for (int cell = 0; cell < accumulators.length; cell++) {
        CellAccumulator acc = accumulators[cell];
        if (acc != null && !acc.isComplete() && !skipped[cell]) {
          cells[cell] = new Judgment.Failed(kind, message, acc.attempts());
          failed++;
        }
      }
      cancelled = true;
      result = seal();
    } finally {
      lock.unlock();
    }
    publish(result);
    for (Dispatcher.Lane lane : lanes.values()) {
      ctx.dispatcher.close(lane);
    }
    detachAll();
  }

  private void finish() {
    Evaluation result;
    lock.lock();
    try {
      if (finished) {
        return;
      }
      result = seal();
    } finally {
      lock.unlock();
    }
    // Every cell has its judgment, so nothing this evaluation queued is needed any more; closed
    // before the result is published, so a caller that sees the result sees the lanes gone.
    for (Dispatcher.Lane lane : lanes.values()) {
      ctx.dispatcher.close(lane);
    }
    publish(result);
  }

  /** Freezes the matrix and stats; called with the lock held. */
  private Evaluation seal() {
    finished = true;
    done0 = true;
    long wall = ctx.ticker.read() - startNanos;
    List<ModelUsage> byModel = spent.usages(ctx.prices);
    String budgetStop = budget.refusal();
    EvaluationCost cost = new EvaluationCost(UsageLedger.total(byModel), UsageLedger.total(saved.usages(ctx.prices)), byModel,
        budgetStop == null ? null : budgetStop + "; " + skippedCount() + " cell(s) were left unjudged");
    EvaluationStats stats =
        new EvaluationStats(total, calls.get(), retries.get(), reasks.get(), cacheHits.get(), cacheMisses.get(), sharedCalls.get(),
            failed, new TokenUsage(tokensIn.get(), tokensOut.get()), Duration.ofNanos(Math.max(0, wall)), cancelled, cost,
            hedges.get(), ctx.circuitsOf(targets));
    return Evaluation.wrap(decision, cells.clone(), stats);
  }

  private int skippedCount() {
    int n = 0;
    for (boolean b : skipped) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private void publish(Evaluation result) {
    ScheduledFuture<?> deadline = deadlineTask;
    if (deadline != null) {
      deadline.cancel(false);
    }
    future.complete(result);
  }
}
