package dev.decisionmatrix.engine;

import dev.decisionmatrix.DecisionMatrixException;
import dev.decisionmatrix.cache.CacheStats;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.DecisionLimits;
import dev.decisionmatrix.model.InvalidDecisionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Judges the cells of decisions with an LLM, in parallel, and caches every judgment.
 *
 * <pre>{@code
 * try (DecisionEngine engine = DecisionEngine.builder(backend).model("gpt-4o-mini").maxConcurrency(32).build()) {
 *   Evaluation evaluation = engine.evaluate(decision);
 *   Ranking ranking = Ranking.weightedSum(evaluation);
 * }
 * }</pre>
 *
 * <p>Build one engine and share it: it is thread-safe, and many evaluations on one engine share
 * its limits fairly (each backend serves the waiting evaluations round-robin). Calls run on virtual
 * threads under a global concurrency limit and a per-backend limit that shrinks when the provider
 * pushes back (rate limited, overloaded) and grows back on success. Transient failures are retried
 * with exponential backoff and full jitter; an invalid answer is asked again once; permanent
 * failures are recorded as {@link Judgment.Failed} and never as abstentions.
 *
 * <p>Re-evaluating asks only for cells that have no judgment yet (or whose judgment failed), and
 * finds most of those in the cache: re-weighting, re-ranking and adding one option cost nothing or
 * only the new cells. Concurrent evaluations asking the same question share one call.
 */
public final class DecisionEngine implements AutoCloseable {

  private final LlmBackend defaultBackend;
  private final Map<String, LlmBackend> namedBackends;
  private final @Nullable String defaultModel;
  private final @Nullable Double defaultTemperature;
  private final Duration defaultDeadline;
  private final DecisionLimits limits;
  private final EngineContext ctx;
  private final @Nullable ExecutorService ownedExecutor;
  private final @Nullable ScheduledExecutorService ownedScheduler;
  private static final String CLOSED = "the engine was closed before this cell was judged";

  private final Set<EvaluationRun> running = ConcurrentHashMap.newKeySet();

  private DecisionEngine(Builder b, EvaluationCache cache, int backendConcurrency) {
    this.defaultBackend = b.backend;
    this.namedBackends = Map.copyOf(b.named);
    this.defaultModel = b.model;
    this.defaultTemperature = b.temperature;
    this.defaultDeadline = b.deadline;
    this.limits = b.limits;
    Executor executor = b.executor;
    this.ownedExecutor = executor == null ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("decision-call-", 0).factory()) : null;
    ScheduledExecutorService scheduler = b.scheduler;
    if (scheduler == null) {
      ScheduledThreadPoolExecutor stpe =
          new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("decision-timer").daemon(true).factory());
      stpe.setRemoveOnCancelPolicy(true);
      this.ownedScheduler = stpe;
      scheduler = stpe;
    } else {
      this.ownedScheduler = null;
    }
    Dispatcher dispatcher =
        new Dispatcher(executor == null ? ownedExecutor : executor, b.maxConcurrency, backendConcurrency,
            b.initialBackendConcurrency < 0 ? backendConcurrency : b.initialBackendConcurrency, b.minBackendConcurrency, b.limitDecrease);
    this.ctx = new EngineContext(dispatcher, cache, b.retryPolicy, scheduler, b.callTimeout, b.maxTokens, b.ticker, b.random, b.prices);
    ctx.timeouts(b.adaptiveTimeout, b.callTimeoutSetting);
    ctx.hedging(b.hedging);
    ctx.breakers(b.circuitBreaker, b.clock);
  }

  /**
   * Starts a builder.
   *
   * @param backend the backend that judges cells unless a criterion or an evaluation names another
   * @return the builder
   * @throws IllegalArgumentException if backend is {@code null}
   */
  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  /**
   * Judges every cell of a decision that the cache does not hold, and waits for the result.
   *
   * @param decision the decision
   * @return the evaluation
   * @throws InvalidDecisionException if the decision breaks the engine's limits, has no option or
   *     no criterion, or names an unknown backend
   */
  public Evaluation evaluate(Decision decision) {
    return evaluate(decision, null, EvaluationOptions.defaults());
  }

  /**
   * Judges cells of a decision and waits for the result. If the calling thread is interrupted, the
   * evaluation is cancelled, the interrupt flag is restored and the partial evaluation returned.
   *
   * @param decision the decision (possibly edited since {@code previous})
   * @param previous an earlier evaluation whose still-valid judgments are kept, or {@code null}
   * @param options scope, samples, overrides, listener; {@code null} means {@link
   *     EvaluationOptions#defaults()}
   * @return the evaluation
   * @throws InvalidDecisionException if the decision cannot be evaluated (see {@link #evaluate(Decision)})
   */
  public Evaluation evaluate(Decision decision, @Nullable Evaluation previous, @Nullable EvaluationOptions options) {
    RunningEvaluation running = start(decision, previous, options);
    CompletableFuture<Evaluation> result = running.result();
    try {
      return result.get();
    } catch (InterruptedException e) {
      running.cancel();
      Thread.currentThread().interrupt();
      return result.join();
    } catch (ExecutionException e) {
      throw new DecisionMatrixException("evaluation failed unexpectedly: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Starts judging cells and returns at once. Cache hits are reported to the listener before this
   * method returns; backend calls land later, on the engine's threads.
   *
   * @param decision the decision (possibly edited since {@code previous})
   * @param previous an earlier evaluation whose still-valid judgments are kept, or {@code null}
   * @param options scope, samples, overrides, listener; {@code null} means {@link
   *     EvaluationOptions#defaults()}
   * @return a handle to follow, await or cancel the evaluation
   * @throws InvalidDecisionException if the decision cannot be evaluated (see {@link #evaluate(Decision)})
   * @throws IllegalStateException if the engine was {@linkplain #close() closed}
   */
  public RunningEvaluation start(Decision decision, @Nullable Evaluation previous, @Nullable EvaluationOptions options) {
    requireOpen();
    checkEvaluable(decision);
    if (options == null) {
      options = EvaluationOptions.defaults();
    }
    JudgeTarget[] targets = EvaluationPlan.targets(decision, options, defaultBackend, namedBackends, defaultModel, defaultTemperature);
    CostPlan.checkBudget(ctx, targets, options.budget());
    Evaluation startFrom = previous == null ? Evaluation.empty(decision) : previous.withDecision(decision);
    int[] scope = EvaluationPlan.scope(startFrom, options.scope());
    EvaluationRun run = new EvaluationRun(ctx, startFrom, options, targets, scope);
    running.add(run);
    run.future().whenComplete((e, t) -> running.remove(run));
    if (ctx.isClosed()) { // closed while we registered: close() may have missed this run
      run.cancel(dev.decisionmatrix.llm.LlmErrorKind.CANCELLED, CLOSED);
      requireOpen();
    }
    run.start(options.deadline() != null ? options.deadline() : defaultDeadline);
    return new RunningEvaluation(run);
  }

  private void checkEvaluable(Decision decision) {
    if (decision == null) {
      throw new InvalidDecisionException("decision", null, "a decision is required");
    }
    limits.check(decision);
    if (decision.options().isEmpty()) {
      throw new InvalidDecisionException("options", "0 options", "add at least one option before evaluating");
    }
    if (decision.criteria().isEmpty()) {
      throw new InvalidDecisionException("criteria", "0 criteria", "add at least one criterion before evaluating");
    }
  }

  /**
   * Works out what {@link #evaluate(Decision, Evaluation, EvaluationOptions) evaluate} would take,
   * without calling any model: the cells it would judge, the calls (cells the cache holds are free),
   * the tokens and the cost at this engine's {@linkplain #prices() prices}. See {@link CostEstimate}
   * for what it cannot foresee.
   *
   * @param decision the decision (possibly edited since {@code previous})
   * @param previous an earlier evaluation whose still-valid judgments are kept, or {@code null}
   * @param options scope, samples, overrides; {@code null} means {@link EvaluationOptions#defaults()}
   * @return the estimate
   * @throws InvalidDecisionException if the decision cannot be evaluated (see {@link #evaluate(Decision)})
   * @throws IllegalStateException if the engine was {@linkplain #close() closed}
   */
  public CostEstimate estimate(Decision decision, @Nullable Evaluation previous, @Nullable EvaluationOptions options) {
    requireOpen();
    checkEvaluable(decision);
    EvaluationOptions o = options == null ? EvaluationOptions.defaults() : options;
    JudgeTarget[] targets = EvaluationPlan.targets(decision, o, defaultBackend, namedBackends, defaultModel, defaultTemperature);
    Evaluation startFrom = previous == null ? Evaluation.empty(decision) : previous.withDecision(decision);
    return CostPlan.estimate(ctx, startFrom, o, targets, EvaluationPlan.scope(startFrom, o.scope()));
  }

  /**
   * Returns the token prices this engine reports costs with.
   *
   * @return the table given to the builder, or {@link PriceTable#defaults()}
   */
  public PriceTable prices() {
    return ctx.prices;
  }

  /**
   * Judges cells and returns their results as a stream, in completion order. The stream ends when
   * the evaluation does; closing it early cancels the evaluation. Consume it on one thread.
   *
   * @param decision the decision
   * @param previous an earlier evaluation whose still-valid judgments are kept, or {@code null}
   * @param options scope, samples, overrides; its listener is called as well; {@code null} means
   *     {@link EvaluationOptions#defaults()}
   * @return the stream of cell results
   * @throws InvalidDecisionException if the decision cannot be evaluated (see {@link #evaluate(Decision)})
   */
  public Stream<CellResult> stream(Decision decision, @Nullable Evaluation previous, @Nullable EvaluationOptions options) {
    return CellResultStream.open(this, decision, previous, options == null ? EvaluationOptions.defaults() : options);
  }

  /**
   * Returns the judgment cache this engine uses, e.g. to {@linkplain EvaluationCache#invalidateAll()
   * clear} it.
   *
   * @return the cache given to the builder, or the engine's default in-memory cache
   */
  public EvaluationCache cache() {
    return ctx.cache;
  }

  /**
   * Returns the cache's counters. Never throws: a cache whose {@code stats()} fails reports
   * {@link CacheStats#EMPTY}.
   *
   * @return the counters since the cache was created
   */
  public CacheStats cacheStats() {
    try {
      return ctx.cache.stats();
    } catch (RuntimeException e) {
      return CacheStats.EMPTY;
    }
  }

  /**
   * Returns the states of the engine's circuit breakers, one per backend and model it called.
   *
   * @return the states, empty when breakers are off or nothing was called yet
   */
  public List<CircuitState> circuits() {
    return ctx.circuits();
  }

  /**
   * Returns a backend's current adaptive concurrency limit.
   *
   * @param backendId the backend's {@linkplain LlmBackend#id() id}
   * @return the limit, or -1 if the backend has not been called yet
   */
  public int concurrencyLimit(String backendId) {
    return ctx.dispatcher.limitOf(backendId);
  }

  /**
   * Returns how many backend calls are running now, over all backends and evaluations.
   *
   * @return the number of calls in flight, from 0 to the global concurrency limit; a snapshot
   */
  public int callsInFlight() {
    return ctx.dispatcher.inFlight();
  }

  /**
   * Returns the most backend calls that ever ran at once on this engine (a high-water mark).
   *
   * @return the peak number of calls in flight, at most the global concurrency limit
   */
  public int maxCallsInFlight() {
    return ctx.dispatcher.maxInFlight();
  }

  /** Questions with a call in flight (queued, running or in backoff); for tests of the call life. */
  int questionsInFlight() {
    return ctx.inFlight.size();
  }

  /**
   * Returns how many evaluations are running now.
   *
   * @return the number of started evaluations that have not completed; a snapshot
   */
  public int runningEvaluations() {
    return running.size();
  }

  /**
   * Returns the limits decisions must fit to be evaluated.
   *
   * @return the limits given to the builder, or {@link DecisionLimits#DEFAULTS}
   */
  public DecisionLimits limits() {
    return limits;
  }

  /**
   * Returns the names of the backends registered on the builder, which criteria may pick with
   * {@link Criterion#backend()}. Evaluations may add more with {@link
   * EvaluationOptions.Builder#backend(String, LlmBackend)}.
   *
   * @return an unmodifiable set of names in lower case; empty if none were registered
   */
  public Set<String> backendNames() {
    return namedBackends.keySet();
  }

  /**
   * Returns the default backend: the one given to {@link #builder(LlmBackend)}, which judges cells
   * whose criterion and evaluation name no other.
   *
   * @return the default backend, never {@code null}
   */
  public LlmBackend defaultBackend() {
    return defaultBackend;
  }

  private void requireOpen() {
    if (ctx.isClosed()) {
      throw new IllegalStateException("this DecisionEngine was closed; build a new engine to evaluate again");
    }
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return {@code true} once the engine is closed; it evaluates nothing after that
   */
  public boolean isClosed() {
    return ctx.isClosed();
  }

  /**
   * Closes the engine: every running evaluation is cancelled (its landed judgments kept), {@link
   * #start}, {@link #evaluate} and {@link #stream} throw {@link IllegalStateException} from now on,
   * and the threads the engine created stop. Executors passed to the builder are left running.
   * Closing twice does nothing.
   */
  @Override
  public void close() {
    ctx.markClosed();
    for (EvaluationRun run : running) {
      run.cancel(dev.decisionmatrix.llm.LlmErrorKind.CANCELLED, CLOSED);
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  /**
   * Configures a {@link DecisionEngine}. Each setter checks its value at once and names it in the
   * error. Not thread-safe.
   */
  public static final class Builder {
    private final LlmBackend backend;
    private final Map<String, LlmBackend> named = new LinkedHashMap<>();
    private @Nullable String model;
    private @Nullable Double temperature = 0.0;
    private int maxTokens = 1024;
    private PriceTable prices = PriceTable.defaults();
    private int maxConcurrency = 32;
    private int backendConcurrency = -1;
    private int minBackendConcurrency = 1;
    private int initialBackendConcurrency = -1;
    private double limitDecrease = 0.7;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration callTimeout = Duration.ofSeconds(120);
    private @Nullable AdaptiveTimeout adaptiveTimeout = AdaptiveTimeout.DEFAULT;
    private @Nullable HedgePolicy hedging = HedgePolicy.DEFAULT;
    private @Nullable CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.DEFAULT;
    private java.time.Clock clock = java.time.Clock.systemUTC();
    private String callTimeoutSetting = "callTimeout";
    private Duration deadline = Duration.ofMinutes(30);
    private @Nullable EvaluationCache cache;
    private DecisionLimits limits = DecisionLimits.DEFAULTS;
    private @Nullable Executor executor;
    private @Nullable ScheduledExecutorService scheduler;
    private Ticker ticker = Ticker.system();
    private Supplier<RandomGenerator> random = ThreadLocalRandom::current;

    private Builder(LlmBackend backend) {
      if (backend == null) {
        throw new IllegalArgumentException("backend must not be null");
      }
      this.backend = backend;
    }

    /**
     * Registers a backend that criteria can pick by name ({@link Criterion#backend()}).
     *
     * @param name the name criteria use (case-insensitive)
     * @param namedBackend the backend
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or taken, or the backend is null
     */
    public Builder backend(String name, LlmBackend namedBackend) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("backend name must not be blank");
      }
      if (namedBackend == null) {
        throw new IllegalArgumentException("backend \"" + name + "\" must not be null");
      }
      String key = name.strip().toLowerCase(Locale.ROOT);
      if (named.putIfAbsent(key, namedBackend) != null) {
        throw new IllegalArgumentException("backend name \"" + name + "\" is already registered");
      }
      return this;
    }

    /**
     * Sets the default model. A criterion's or an evaluation's model overrides it.
     *
     * @param value a model name the backends understand; stripped; {@code null} or blank means each
     *     backend's own {@linkplain LlmBackend#defaultModel() default}
     * @return this builder
     */
    public Builder model(@Nullable String value) {
      this.model = value == null || value.isBlank() ? null : value.strip();
      return this;
    }

    /**
     * Sets the default temperature (default 0 for repeatable judgments). A criterion's or an
     * evaluation's temperature overrides it.
     *
     * @param value the temperature in 0..2; {@code null} means the provider's default
     * @return this builder
     * @throws IllegalArgumentException if outside 0..2
     */
    public Builder temperature(@Nullable Double value) {
      if (value != null && !(value >= 0 && value <= 2)) {
        throw new IllegalArgumentException("temperature must be between 0 and 2 but was " + value);
      }
      this.temperature = value;
      return this;
    }

    /**
     * Sets the most tokens per answer (default 1,024: room for reasoning models, whose hidden
     * reasoning counts against the limit).
     *
     * @param value the most tokens the model may write per call, in 16..32,000
     * @return this builder
     * @throws IllegalArgumentException if below 16 or above 32,000
     */
    public Builder maxTokens(int value) {
      if (value < 16 || value > 32_000) {
        throw new IllegalArgumentException("maxTokens must be between 16 and 32000 but was " + value);
      }
      this.maxTokens = value;
      return this;
    }

    /**
     * Sets the token prices costs are reported with (default {@link PriceTable#defaults()}); a
     * model without a price is reported as of unknown cost, never as free.
     *
     * @param value the prices, e.g. {@code PriceTable.defaults().with(PriceTable.parse("my-model=1/2"))}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder prices(PriceTable value) {
      if (value == null) {
        throw new IllegalArgumentException("prices must not be null (use PriceTable.empty() for none)");
      }
      this.prices = value;
      return this;
    }

    /**
     * Sets the most backend calls in flight at once, over all backends and evaluations (default 32).
     *
     * @param value the global concurrency limit, in 1..10,000
     * @return this builder
     * @throws IllegalArgumentException if below 1 or above 10,000
     */
    public Builder maxConcurrency(int value) {
      if (value < 1 || value > 10_000) {
        throw new IllegalArgumentException("maxConcurrency must be between 1 and 10000 but was " + value);
      }
      this.maxConcurrency = value;
      return this;
    }

    /**
     * Sets the most calls in flight per backend, where its adaptive limit starts and to which it
     * grows back (default: the global limit).
     *
     * @param value the per-backend ceiling, in 1..10,000; must not be below {@link
     *     #minBackendConcurrency(int)}, checked by {@link #build()}
     * @return this builder
     * @throws IllegalArgumentException if below 1 or above 10,000
     */
    public Builder backendConcurrency(int value) {
      if (value < 1 || value > 10_000) {
        throw new IllegalArgumentException("backendConcurrency must be between 1 and 10000 but was " + value);
      }
      this.backendConcurrency = value;
      return this;
    }

    /**
     * Sets where each backend's adaptive limit starts (default: at the per-backend ceiling). A limit
     * that starts below its ceiling probes upwards, one slot per success, while the provider keeps
     * up (no rate limiting, no overload, median latency at most 1.5 times its best), so a cautious start
     * reaches the ceiling within a few rounds of calls on a provider that allows it and stays low
     * on one that does not.
     *
     * @param value the starting limit per backend, at least 1; must lie between {@link
     *     #minBackendConcurrency(int)} and the per-backend ceiling, checked by {@link #build()}
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder initialBackendConcurrency(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("initialBackendConcurrency must be at least 1 but was " + value);
      }
      this.initialBackendConcurrency = value;
      return this;
    }

    /**
     * Sets the floor below which back-pressure never shrinks a backend's limit (default 1).
     *
     * @param value the per-backend floor, at least 1; must not exceed the per-backend ceiling,
     *     checked by {@link #build()}
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder minBackendConcurrency(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("minBackendConcurrency must be at least 1 but was " + value);
      }
      this.minBackendConcurrency = value;
      return this;
    }

    /**
     * Sets the factor a backend's concurrency limit is multiplied by when the provider pushes back
     * (rate limited or overloaded); at most once per burst. Default 0.7: gentle enough to stay near
     * a provider's capacity, firm enough to get under it within a few bursts.
     *
     * @param value the multiplicative decrease, in 0.1..0.95
     * @return this builder
     * @throws IllegalArgumentException if not in 0.1..0.95
     */
    public Builder limitDecrease(double value) {
      if (!(value >= 0.1 && value <= 0.95)) {
        throw new IllegalArgumentException("limitDecrease must be between 0.1 and 0.95 but was " + value);
      }
      this.limitDecrease = value;
      return this;
    }

    /**
     * Sets how transient failures are retried (default {@link RetryPolicy#defaults()}).
     *
     * @param value the retry policy; {@link RetryPolicy#none()} turns retries off
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder retryPolicy(RetryPolicy value) {
      if (value == null) {
        throw new IllegalArgumentException("retryPolicy must not be null");
      }
      this.retryPolicy = value;
      return this;
    }

    /**
     * Sets how long one call may take before it is interrupted and counted as a timeout (default
     * 120 s).
     *
     * @param value the per-call timeout; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code null}, zero or negative
     */
    public Builder callTimeout(Duration value) {
      this.callTimeout = positive("callTimeout", value);
      return this;
    }

    /**
     * Sets when calls to a backend and model that is down fail at once instead of reaching it
     * (default {@link CircuitBreakerPolicy#DEFAULT}: after 20 failures in a row, probing every 5 s).
     * {@code null} turns circuit breakers off.
     *
     * @param value the policy, or {@code null} for none
     * @return this builder
     */
    public Builder circuitBreaker(@Nullable CircuitBreakerPolicy value) {
      this.circuitBreaker = value;
      return this;
    }

    /**
     * Sets the wall clock that stamps when a provider went down (default: the system clock in UTC);
     * durations always come from the {@linkplain #ticker(Ticker) ticker}.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalArgumentException if {@code null}
     */
    public Builder clock(java.time.Clock value) {
      if (value == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = value;
      return this;
    }

    /**
     * Sets when a slow call gets a second copy, a hedged request (default {@link
     * HedgePolicy#DEFAULT}: after the observed p95, for at most one call in ten per backend and
     * model). Backends that say they are not {@linkplain LlmBackend#hedgeable() hedgeable} are never
     * hedged. {@code null} turns hedging off.
     *
     * @param value the policy, or {@code null} for no hedging
     * @return this builder
     */
    public Builder hedging(@Nullable HedgePolicy value) {
      this.hedging = value;
      return this;
    }

    /**
     * Sets how a call's timeout adapts to the latency observed per backend and model (default
     * {@link AdaptiveTimeout#DEFAULT}); the {@linkplain #callTimeout(Duration) call timeout} stays
     * the ceiling. {@code null} turns adaptation off: every call gets the call timeout.
     *
     * @param value the policy, or {@code null} for a fixed timeout
     * @return this builder
     */
    public Builder adaptiveTimeout(@Nullable AdaptiveTimeout value) {
      this.adaptiveTimeout = value;
      return this;
    }

    /**
     * Sets the name of the setting that raises the call timeout, as timeout failures name it
     * (default {@code callTimeout}); a server passes its own flag or variable, such as {@code
     * --call-timeout}.
     *
     * @param value the setting's name; not blank
     * @return this builder
     * @throws IllegalArgumentException if {@code null} or blank
     */
    public Builder callTimeoutSetting(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("callTimeoutSetting must not be blank");
      }
      this.callTimeoutSetting = value;
      return this;
    }

    /**
     * Sets how long one evaluation may take in all (default 30 min); options may override it.
     * Cells still open at the deadline fail as {@link dev.decisionmatrix.llm.LlmErrorKind#TIMEOUT}.
     *
     * @param value the default deadline; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code null}, zero or negative
     */
    public Builder deadline(Duration value) {
      this.deadline = positive("deadline", value);
      return this;
    }

    /**
     * Sets the judgment cache (default {@link EvaluationCache#inMemory()}). Several engines may
     * share one cache.
     *
     * @param value the cache; {@link EvaluationCache#none()} turns caching off
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder cache(EvaluationCache value) {
      if (value == null) {
        throw new IllegalArgumentException("cache must not be null (use EvaluationCache.none())");
      }
      this.cache = value;
      return this;
    }

    /**
     * Sets the limits decisions must fit (default {@link DecisionLimits#DEFAULTS}); larger
     * decisions are rejected before any call.
     *
     * @param value the limits
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder limits(DecisionLimits value) {
      if (value == null) {
        throw new IllegalArgumentException("limits must not be null");
      }
      this.limits = value;
      return this;
    }

    /**
     * Sets the executor that runs calls (default: a virtual thread per call, owned by the engine).
     * The engine never shuts down an executor given here.
     *
     * @param value the executor; it should not bound its threads below the concurrency limits,
     *     since calls block
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder executor(Executor value) {
      if (value == null) {
        throw new IllegalArgumentException("executor must not be null");
      }
      this.executor = value;
      return this;
    }

    /**
     * Sets the scheduler for timeouts, retries and deadlines (default: one daemon thread, owned by
     * the engine). The engine never shuts down a scheduler given here.
     *
     * @param value the scheduler; its tasks are short and never block
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder scheduler(ScheduledExecutorService value) {
      if (value == null) {
        throw new IllegalArgumentException("scheduler must not be null");
      }
      this.scheduler = value;
      return this;
    }

    /**
     * Sets the time source for durations in stats and results (default {@link Ticker#system()});
     * tests pass a fake one.
     *
     * @param value the time source; must be thread-safe
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder ticker(Ticker value) {
      if (value == null) {
        throw new IllegalArgumentException("ticker must not be null");
      }
      this.ticker = value;
      return this;
    }

    /**
     * Sets the source of retry jitter (default {@link ThreadLocalRandom#current()}).
     *
     * @param value supplies the generator to draw from; called from many threads, so the supplier
     *     must be thread-safe and each generator safe for the thread that gets it
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder random(Supplier<RandomGenerator> value) {
      if (value == null) {
        throw new IllegalArgumentException("random must not be null");
      }
      this.random = value;
      return this;
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }

    /**
     * Builds the engine. Unless an executor and a scheduler were given, the engine owns threads:
     * {@linkplain DecisionEngine#close() close} it when done. Engines built by one builder share its
     * cache.
     *
     * @return a new, thread-safe engine
     * @throws IllegalArgumentException if the per-backend floor exceeds the per-backend ceiling, or
     *     the starting limit lies outside them
     */
    public DecisionEngine build() {
      // Derived values stay local: a builder reused after build() still holds exactly what was set.
      int perBackend = backendConcurrency < 0 ? maxConcurrency : backendConcurrency;
      if (minBackendConcurrency > perBackend) {
        throw new IllegalArgumentException(
            "minBackendConcurrency (" + minBackendConcurrency + ") must not exceed backendConcurrency (" + perBackend + ")"
                + (backendConcurrency < 0 ? ", which defaults to maxConcurrency" : ""));
      }
      if (initialBackendConcurrency >= 0 && (initialBackendConcurrency < minBackendConcurrency || initialBackendConcurrency > perBackend)) {
        throw new IllegalArgumentException("initialBackendConcurrency (" + initialBackendConcurrency + ") must lie between minBackendConcurrency ("
            + minBackendConcurrency + ") and backendConcurrency (" + perBackend + ")" + (backendConcurrency < 0 ? ", which defaults to maxConcurrency" : ""));
      }
      if (cache == null) {
        cache = EvaluationCache.inMemory(); // kept, so engines built by one builder share one cache
      }
      return new DecisionEngine(this, cache, perBackend);
    }
  }
}
