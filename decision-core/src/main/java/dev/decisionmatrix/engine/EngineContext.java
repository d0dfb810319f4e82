package dev.decisionmatrix.engine;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.CellLeases;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.RateLimitStatus;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** What every evaluation of one engine shares: limits, cache, timers, in-flight calls. */
final class EngineContext {
  static final Logger LOG = System.getLogger("dev.decisionmatrix.engine");

  final Dispatcher dispatcher;
  final EvaluationCache cache;
  /** The cache's cross-engine leases when it has them (a shared cache), else none. */
  final CellLeases leases;
  final RetryPolicy retryPolicy;
  final ScheduledExecutorService scheduler;
  final Duration callTimeout;
  final int maxTokens;
  final Ticker ticker;
  final Supplier<RandomGenerator> random;
  final ConcurrentHashMap<CacheKey, SharedCall> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LatencyWindow> latencies = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RatePacer> pacers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, HedgeBudget> hedgeBudgets = new ConcurrentHashMap<>();
  private @Nullable AdaptiveTimeout adaptiveTimeout;
  private @Nullable HedgePolicy hedgePolicy;
  private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private @Nullable CircuitBreakerPolicy breakerPolicy;
  private java.time.Clock clock = java.time.Clock.systemUTC();
  private String callTimeoutSetting = "callTimeout";
  final PriceTable prices;
  final TokenEstimates tokenEstimates = new TokenEstimates();
  private volatile boolean closed;
  private final AtomicBoolean cacheWarned = new AtomicBoolean();

  EngineContext(
      Dispatcher dispatcher,
      EvaluationCache cache,
      RetryPolicy retryPolicy,
      ScheduledExecutorService scheduler,
      Duration callTimeout,
      int maxTokens,
      Ticker ticker,
      Supplier<RandomGenerator> random,
      PriceTable prices) {
    this.prices = prices;
    this.dispatcher = dispatcher;
    this.cache = cache;
    this.leases = cache instanceof CellLeases shared ? shared : CellLeases.none();
    this.retryPolicy = retryPolicy;
    this.scheduler = scheduler;
    this.callTimeout = callTimeout;
    this.maxTokens = maxTokens;
    this.ticker = ticker;
    this.random = random;
  }

  /** Sets the timeout policy; called once, before any call. */
  void timeouts(@Nullable AdaptiveTimeout policy, String setting) {
    this.adaptiveTimeout = policy;
    this.callTimeoutSetting = setting;
  }

  /** Sets the hedge policy; called once, before any call. */
  void hedging(@Nullable HedgePolicy policy) {
    this.hedgePolicy = policy;
  }

  /** Sets the circuit breaker policy and the wall clock that stamps "down since"; called once, before any call. */
  void breakers(@Nullable CircuitBreakerPolicy policy, java.time.Clock wallClock) {
    this.breakerPolicy = policy;
    this.clock = wallClock;
  }

  /** Returns the circuit breaker of a backend and model, or null when breakers are off. */
  @Nullable CircuitBreaker breakerFor(String backendId, @Nullable String model) {
    CircuitBreakerPolicy policy = breakerPolicy;
    if (policy == null) {
      return null;
    }
    return breakers.computeIfAbsent(backendId + '\u0000' + model, k -> new CircuitBreaker(backendId, model, policy, ticker, clock));
  }

  /** The states of every circuit the engine has, in no particular order. */
  java.util.List<CircuitState> circuits() {
    return breakers.values().stream().map(CircuitBreaker::state).toList();
  }

  /** The states of the circuits of some targets, once per backend and model. */
  java.util.List<CircuitState> circuitsOf(JudgeTarget[] targets) {
    if (breakerPolicy == null) {
      return java.util.List.of();
    }
    Map<String, CircuitState> out = new java.util.LinkedHashMap<>();
    for (JudgeTarget t : targets) {
      String key = t.backendId() + '\u0000' + t.model();
      CircuitBreaker b = breakers.get(key);
      if (b != null && !out.containsKey(key)) {
        out.put(key, b.state());
      }
    }
    return java.util.List.copyOf(out.values());
  }

  @Nullable HedgePolicy hedgePolicy() {
    return hedgePolicy;
  }

  /** Counts a first copy of a call started to a backend and model, for the hedge budget. */
  void onCallStarted(String backendId, @Nullable String model) {
    if (hedgePolicy != null) {
      hedgeBudgets.computeIfAbsent(backendId + '\u0000' + model, k -> new HedgeBudget()).onCall();
    }
  }

  /** Returns after how many nanoseconds a call to a backend and model is hedged, or -1 for never. */
  long hedgeDelayFor(String backendId, @Nullable String model) {
    if (hedgePolicy == null) {
      return -1;
    }
    LatencyWindow window = latencies.get(backendId + '\u0000' + model);
    return window == null ? -1 : window.hedgeDelayNanos();
  }

  /** Takes one hedge from a backend and model's share, or returns null when it has none left. */
  @Nullable HedgeBudget takeHedge(String backendId, @Nullable String model) {
    HedgePolicy policy = hedgePolicy;
    if (policy == null) {
      return null;
    }
    HedgeBudget budget = hedgeBudgets.computeIfAbsent(backendId + '\u0000' + model, k -> new HedgeBudget());
    return budget.tryAcquire(policy.maxShare()) ? budget : null;
  }

  /** Whether call timeouts adapt to observed latency. */
  boolean adaptsTimeouts() {
    return adaptiveTimeout != null;
  }

  String callTimeoutSetting() {
    return callTimeoutSetting;
  }

  /** Returns the timeout for the next call to a backend and model. */
  Duration timeoutFor(String backendId, String model) {
    if (adaptiveTimeout == null) {
      return callTimeout;
    }
    LatencyWindow window = latencies.get(backendId + '\u0000' + model);
    return window == null ? callTimeout : window.timeout(callTimeout);
  }

  /**
   * Waits until the rate limits the provider announced for this backend and model have room for
   * one more call; returns at once while the provider has announced nothing (the call is counted,
   * so the first announcement can be read against the calls already sent). The call's token
   * estimate is that of a call judging {@code cells} cells.
   *
   * @throws LlmException of kind {@code CANCELLED} if the thread is interrupted while waiting
   */
  void pace(String backendId, String model, ChatRequest request, int cells) {
    RatePacer pacer = pacers.computeIfAbsent(backendId + '\u0000' + model, k -> new RatePacer());
    long tokens = paceTokens(backendId, model, request, cells);
    long wait;
    while ((wait = pacer.reserve(tokens, ticker.read())) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(LlmErrorKind.CANCELLED, "cancelled while waiting for room in the provider's announced rate limit");
      }
    }
  }

  /**
   * Reserves room for one more call in the provider's announced rate limits if there is room now,
   * without waiting (for a hedge, which must never wait on the budget).
   *
   * @return true if the call may go: room was reserved, or nothing was announced
   */
  boolean tryPace(String backendId, String model, ChatRequest request) {
    RatePacer pacer = pacers.get(backendId + '\u0000' + model);
    if (pacer == null) {
      return true;
    }
    return pacer.reserve(paceTokens(backendId, model, request), ticker.read()) == 0;
  }

  /** What a provider counts against its token budget when a request arrives: the prompt and its max_tokens. */
  private long paceTokens(String backendId, String model, ChatRequest request) {
    return paceTokens(backendId, model, request, 1);
  }

  private long paceTokens(String backendId, String model, ChatRequest request, int cells) {
    return tokenEstimates.estimate(backendId, model, request, cells).inputTokens() + request.maxTokens();
  }

  /** Takes in the rate limits an answer announced, so later calls are paced by them. */
  void observeRateLimits(String backendId, String model, @Nullable RateLimitStatus status) {
    if (status != null) {
      pacers.computeIfAbsent(backendId + '\u0000' + model, k -> new RatePacer()).observe(status, ticker.read());
    }
  }

  /** Records the latency of a call that answered. */
  void recordLatency(String backendId, String model, long nanos) {
    AdaptiveTimeout policy = adaptiveTimeout;
    HedgePolicy hedge = hedgePolicy;
    if (policy != null || hedge != null) {
      latencies.computeIfAbsent(backendId + '\u0000' + model, k -> new LatencyWindow()).record(nanos, policy, callTimeout, hedge);
    }
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  /** Looks a judgment up; a failing cache counts as a miss. */
  @Nullable Judgment cacheGet(CacheKey key) {
    try {
      return cache.get(key);
    } catch (RuntimeException e) {
      warnCache(e);
      return null;
    }
  }

  /** Looks many judgments up at once; a failing cache answers nothing. */
  Map<CacheKey, Judgment> cacheGetAll(Collection<CacheKey> keys) {
    try {
      return cache.getAll(keys);
    } catch (RuntimeException e) {
      warnCache(e);
      return Map.of();
    }
  }

  /** Stores a judgment; failures are never stored and a failing cache is ignored. */
  void cachePut(CacheKey key, Judgment judgment) {
    if (judgment instanceof Judgment.Failed) {
      return;
    }
    try {
      cache.put(key, judgment);
    } catch (RuntimeException e) {
      warnCache(e);
    }
  }

  private void warnCache(RuntimeException e) {
    if (cacheWarned.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "The judgment cache failed; evaluating without it where it fails: " + e, e);
    } else {
      LOG.log(Level.DEBUG, "The judgment cache failed again: {0}", e.toString());
    }
  }
}
