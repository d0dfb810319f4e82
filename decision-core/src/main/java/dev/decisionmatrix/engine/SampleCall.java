package dev.decisionmatrix.engine;

import dev.decisionmatrix.cache.CacheKey;
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
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Judging one sample of one cell: the backend call, one re-ask after an invalid answer, retries
 * with backoff for transient failures, the per-call timeout. Owns the shared future that every
 * evaluation asking the same question waits on.
 *
 * <p>Each attempt runs on its own (virtual) thread while holding a dispatcher slot; between
 * attempts it holds no thread and no slot.
 */
final class SampleCall implements Runnable {

  private static final int MAX_ECHOED_ANSWER = 4_000;

  private final EvaluationRun run;
  private final EngineContext ctx;
  private final Dispatcher.Lane lane;
  private final JudgeTarget target;
  final int cell;
  final int sample;
  final CacheKey key;
  private final CompletableFuture<SampleOutcome> shared;

  // Touched by one attempt at a time; attempts are ordered through the dispatcher's lock.
  private int tries;
  private int calls;
  private long epoch;
  private long firstStartNanos = -1;
  private TokenUsage usage = TokenUsage.ZERO;

  // Guarded by this: lets a timeout or cancel interrupt exactly the attempt that is running.
  private @Nullable Thread thread;
  private boolean timedOut;
  private boolean cancelled;

  SampleCall(
      EvaluationRun run,
      Dispatcher.Lane lane,
      JudgeTarget target,
      int cell,
      int sample,
      CacheKey key,
      CompletableFuture<SampleOutcome> shared) {
    this.run = run;
    this.ctx = run.context();
    this.lane = lane;
    this.target = target;
    this.cell = cell;
    this.sample = sample;
    this.key = key;
    this.shared = shared;
  }

  Dispatcher.Lane lane() {
    return lane;
  }

  long epoch() {
    return epoch;
  }

  /** Called by the dispatcher, under its lock, when the call gets a slot. */
  void started(long limitEpoch) {
    this.epoch = limitEpoch;
  }

  /** The executor refused the call (engine closed): give the slot back and fail. */
  void rejected() {
    ctx.dispatcher.release(this, LlmErrorKind.CANCELLED);
    complete(SampleOutcome.cancelled("the engine was closed before this cell was judged", calls));
  }

  @Override
  public void run() {
    if (run.isFinished()) {
      ctx.dispatcher.release(this, LlmErrorKind.CANCELLED);
      abandon();
      return;
    }
    tries++;
    if (firstStartNanos < 0) {
      firstStartNanos = ctx.ticker.read();
    }
    synchronized (this) {
      thread = Thread.currentThread();
    }
    run.active.add(this);
    if (run.isFinished()) {
      cancel();
    }
    ScheduledFuture<?> timeout = ctx.scheduler.schedule(this::onTimeout, ctx.callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    Judgment judgment = null;
    LlmException failure = null;
    try {
      judgment = attempt();
    } catch (LlmException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new LlmException(LlmErrorKind.UNKNOWN, "the backend failed unexpectedly: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), null, 0, target.backendId(), target.model(), e);
    } finally {
      timeout.cancel(false);
      boolean wasTimedOut;
      boolean wasCancelled;
      synchronized (this) {
        thread = null;
        wasTimedOut = timedOut;
        wasCancelled = cancelled;
        timedOut = false;
      }
      // A timeout or cancel may have interrupted us after the call returned; do not leak the flag.
      Thread.interrupted();
      run.active.remove(this);
      if (failure != null && wasCancelled) {
        failure = new LlmException(LlmErrorKind.CANCELLED, "the evaluation was cancelled during this call");
      } else if (failure != null && wasTimedOut) {
        failure = new LlmException(LlmErrorKind.TIMEOUT, "no answer within the call timeout of " + format(ctx.callTimeout),
            null, 0, target.backendId(), target.model(), failure);
      }
    }
    ctx.dispatcher.release(this, failure == null ? null : failure.kind());
    if (failure == null) {
      ctx.cachePut(key, judgment);
      complete(new SampleOutcome(judgment, calls, usage, ctx.ticker.read() - firstStartNanos));
    } else {
      onFailure(failure);
    }
  }

  private Judgment attempt() {
    String user = JudgePrompt.user(run.decision().topic(), target.criterion(), run.option(cell), sample);
    ChatRequest request =
        new ChatRequest(JudgePrompt.system(), List.of(ChatMessage.user(user)), target.model(), target.temperature(),
            ctx.maxTokens, JudgePrompt.SCHEMA);
    ChatResponse response = call(request);
    try {
      return JudgmentParser.parse(response.text());
    } catch (InvalidAnswerException invalid) {
      run.reasks.incrementAndGet();
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
    calls++;
    run.calls.incrementAndGet();
    ChatResponse response = target.backend().chat(request);
    if (response == null) {
      throw new LlmException(LlmErrorKind.UNKNOWN, "the backend returned no response");
    }
    usage = usage.plus(response.usage());
    run.tokensIn.addAndGet(response.usage().inputTokens());
    run.tokensOut.addAndGet(response.usage().outputTokens());
    return response;
  }

  private void onFailure(LlmException failure) {
    LlmException e = failure.withContext(target.backendId(), target.model());
    boolean retry = e.retryable() && tries < ctx.retryPolicy.maxAttempts() && !run.isFinished();
    if (!retry) {
      EngineContext.LOG.log(Level.DEBUG, "cell {0} failed for good after {1} call(s): {2}", cell, calls, e.getMessage());
      complete(new SampleOutcome(new Judgment.Failed(e.kind(), message(e), calls), calls, usage, ctx.ticker.read() - firstStartNanos));
      return;
    }
    Duration delay = ctx.retryPolicy.backoff(tries, e.retryAfter().orElse(Duration.ZERO), ctx.random.get());
    run.retries.incrementAndGet();
    run.notifyRetry(new RetryEvent(run.option(cell).name(), target.criterion().name(), target.backendId(), e.kind(), message(e), tries, delay));
    try {
      ctx.scheduler.schedule(this::retryNow, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      complete(SampleOutcome.cancelled("the engine was closed before this cell was judged", calls));
    }
  }

  private void retryNow() {
    if (run.isFinished() || !ctx.dispatcher.requeue(this)) {
      abandon();
    }
  }

  /** Gives up without an answer because the evaluation ended; other waiters will ask again. */
  void abandon() {
    complete(SampleOutcome.cancelled("the evaluation ended before this cell was judged", calls));
  }

  private void complete(SampleOutcome outcome) {
    ctx.inFlight.remove(key, shared);
    shared.complete(outcome);
  }

  private void onTimeout() {
    synchronized (this) {
      if (thread != null) {
        timedOut = true;
        thread.interrupt();
      }
    }
  }

  /** Interrupts the running attempt, if any; called when the evaluation is cancelled. */
  void cancel() {
    synchronized (this) {
      cancelled = true;
      if (thread != null) {
        thread.interrupt();
      }
    }
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
