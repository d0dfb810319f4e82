package dev.decisionmatrix.engine;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.llm.LlmBackend;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Per-evaluation choices. Everything is optional; {@link #defaults()} judges missing and failed
 * cells once each with the engine's backend, model and deadline. Immutable; the named-backend map
 * is copied. A {@code null} scope, reducer, listener or backend map becomes its default.
 *
 * <p>Which backend judges a cell: the criterion's {@linkplain dev.decisionmatrix.model.Criterion#backend()
 * backend name} (looked up first among this evaluation's {@link #backends()}, then among the
 * engine's named backends), else this evaluation's {@link #backend()}, else the engine's default.
 * The same order holds for model and temperature. Per-evaluation named backends serve backends
 * that belong to one caller, such as an MCP client's sampling connection. A named backend's calls,
 * concurrency limit and cache entries go under its name, unless its {@linkplain LlmBackend#id() id}
 * refines the name ({@code sampling:claude-desktop:3} registered as {@code sampling}): then under
 * that id, so each caller's backend is kept apart.
 *
 * @param scope which cells to judge
 * @param samples how many independent answers per cell (1..9), reduced by {@code reducer}
 * @param reducer how sampled scores become one
 * @param backend the backend for this evaluation, or {@code null} for the engine's default
 * @param model the model for this evaluation, or {@code null} for the engine's default
 * @param temperature the temperature for this evaluation (0..2), or {@code null}
 * @param deadline the longest this evaluation may take, or {@code null} for the engine's default
 * @param listener receives results as they land
 * @param backends named backends for this evaluation (names in lower case), taking precedence over
 *     the engine's backends of the same name
 * @param budget the most calls or dollars this evaluation may spend; when reached it stops cleanly
 *     (see {@link Budget})
 * @param earlyStop with several samples per cell, when to stop after the first two agree (see
 *     {@link EarlyStop}); {@code null}, the default, always asks for every sample
 * @param batchCriteria the most criteria one call judges for one option (1..{@value
 *     #MAX_BATCH_CRITERIA}); 1, the default, asks one call per cell. Above 1, the batched mode
 *     ({@link dev.decisionmatrix.judge.BatchPrompt}): one call judges an option on up to this many
 *     criteria of the same backend and model, each cell of its answer is validated and cached on
 *     its own, and a cell the answer misses or gets wrong is asked again in a call of its own
 */
public record EvaluationOptions(
    Scope scope,
    int samples,
    SampleReducer reducer,
    @Nullable LlmBackend backend,
    @Nullable String model,
    @Nullable Double temperature,
    @Nullable Duration deadline,
    EvaluationListener listener,
    Map<String, LlmBackend> backends,
    Budget budget,
    @Nullable EarlyStop earlyStop,
    int batchCriteria) {

  /** Most samples per cell. */
  public static final int MAX_SAMPLES = 9;

  /** Most criteria one batched call judges. */
  public static final int MAX_BATCH_CRITERIA = 50;

  /**
   * Validates the options and replaces a {@code null} scope, reducer, listener or backend map with
   * its default.
   *
   * @param scope which cells to judge; {@code null} means {@link Scope#MISSING}
   * @param samples how many independent answers per cell, in 1..{@value #MAX_SAMPLES}
   * @param reducer how sampled scores become one; {@code null} means {@link SampleReducer#MEDIAN}
   * @param backend the backend for this evaluation, or {@code null} for the engine's default
   * @param model the model for this evaluation, or {@code null} for the engine's default
   * @param temperature the temperature for this evaluation (0..2), or {@code null}
   * @param deadline the longest this evaluation may take, positive, or {@code null} for the
   *     engine's default
   * @param listener receives results as they land; {@code null} means {@link
   *     EvaluationListener#none()}
   * @param backends named backends for this evaluation, copied with their names stripped and in
   *     lower case; {@code null} means none
   * @param budget the most calls or dollars; {@code null} means {@link Budget#NONE}
   * @param earlyStop when to stop sampling a cell early, or {@code null} for never
   * @param batchCriteria the most criteria one call judges, in 1..{@value #MAX_BATCH_CRITERIA}
   * @throws IllegalArgumentException naming the value out of range, or if a backend name is blank or
   *     a named backend is {@code null}
   */
  public EvaluationOptions(
      @Nullable Scope scope,
      int samples,
      @Nullable SampleReducer reducer,
      @Nullable LlmBackend backend,
      @Nullable String model,
      @Nullable Double temperature,
      @Nullable Duration deadline,
      @Nullable EvaluationListener listener,
      @Nullable Map<String, LlmBackend> backends,
      @Nullable Budget budget,
      @Nullable EarlyStop earlyStop,
      int batchCriteria) {
    checkBatch(batchCriteria);
    if (scope == null) {
      scope = Scope.MISSING;
    }
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new IllegalArgumentException("samples must be between 1 and " + MAX_SAMPLES + " but was " + samples);
    }
    if (reducer == null) {
      reducer = SampleReducer.MEDIAN;
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2 but was " + temperature);
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive but was " + deadline);
    }
    if (listener == null) {
      listener = EvaluationListener.none();
    }
    backends = backends == null ? Map.of() : lowerCaseKeys(backends);
    this.scope = scope;
    this.samples = samples;
    this.reducer = reducer;
    this.backend = backend;
    this.model = model;
    this.temperature = temperature;
    this.deadline = deadline;
    this.listener = listener;
    this.backends = backends;
    this.budget = budget == null ? Budget.NONE : budget;
    this.earlyStop = earlyStop;
    this.batchCriteria = batchCriteria;
  }

  /**
   * Creates options that judge one cell per call; see the canonical constructor.
   *
   * @param scope which cells to judge; {@code null} means {@link Scope#MISSING}
   * @param samples how many independent answers per cell, in 1..{@value #MAX_SAMPLES}
   * @param reducer how sampled scores become one; {@code null} means {@link SampleReducer#MEDIAN}
   * @param backend the backend for this evaluation, or {@code null} for the engine's default
   * @param model the model for this evaluation, or {@code null} for the engine's default
   * @param temperature the temperature for this evaluation (0..2), or {@code null}
   * @param deadline the longest this evaluation may take, positive, or {@code null}
   * @param listener receives results as they land; {@code null} means none
   * @param backends named backends for this evaluation; {@code null} means none
   * @param budget the most calls or dollars; {@code null} means {@link Budget#NONE}
   * @param earlyStop when to stop sampling a cell early, or {@code null} for never
   * @throws IllegalArgumentException naming the value out of range
   */
  public EvaluationOptions(
      @Nullable Scope scope,
      int samples,
      @Nullable SampleReducer reducer,
      @Nullable LlmBackend backend,
      @Nullable String model,
      @Nullable Double temperature,
      @Nullable Duration deadline,
      @Nullable EvaluationListener listener,
      @Nullable Map<String, LlmBackend> backends,
      @Nullable Budget budget,
      @Nullable EarlyStop earlyStop) {
    this(scope, samples, reducer, backend, model, temperature, deadline, listener, backends, budget, earlyStop, 1);
  }

  private static void checkBatch(int batchCriteria) {
    if (batchCriteria < 1 || batchCriteria > MAX_BATCH_CRITERIA) {
      throw new IllegalArgumentException(
          "batchCriteria must be between 1 (one cell per call) and " + MAX_BATCH_CRITERIA + " but was " + batchCriteria);
    }
  }

  /**
   * Tells whether calls judge several criteria at once ({@link #batchCriteria()} above 1).
   *
   * @return true in the batched mode
   */
  public boolean batched() {
    return batchCriteria > 1;
  }

  /**
   * Creates options without early stop; see the canonical constructor.
   *
   * @param scope which cells to judge; {@code null} means {@link Scope#MISSING}
   * @param samples how many independent answers per cell, in 1..{@value #MAX_SAMPLES}
   * @param reducer how sampled scores become one; {@code null} means {@link SampleReducer#MEDIAN}
   * @param backend the backend for this evaluation, or {@code null} for the engine's default
   * @param model the model for this evaluation, or {@code null} for the engine's default
   * @param temperature the temperature for this evaluation (0..2), or {@code null}
   * @param deadline the longest this evaluation may take, positive, or {@code null}
   * @param listener receives results as they land; {@code null} means none
   * @param backends named backends for this evaluation; {@code null} means none
   * @param budget the most calls or dollars; {@code null} means {@link Budget#NONE}
   * @throws IllegalArgumentException naming the value out of range
   */
  public EvaluationOptions(
      @Nullable Scope scope,
      int samples,
      @Nullable SampleReducer reducer,
      @Nullable LlmBackend backend,
      @Nullable String model,
      @Nullable Double temperature,
      @Nullable Duration deadline,
      @Nullable EvaluationListener listener,
      @Nullable Map<String, LlmBackend> backends,
      @Nullable Budget budget) {
    this(scope, samples, reducer, backend, model, temperature, deadline, listener, backends, budget, null);
  }

  /**
   * Returns how many samples a cell's first round asks for: {@value EarlyStop#PROBE} with an early
   * stop and more samples than that, else all of them.
   *
   * @return the samples asked for at once
   */
  public int firstRoundSamples() {
    return earlyStop != null && samples > EarlyStop.PROBE ? EarlyStop.PROBE : samples;
  }

  /**
   * Creates options without a budget; see the canonical constructor.
   *
   * @param scope which cells to judge; {@code null} means {@link Scope#MISSING}
   * @param samples how many independent answers per cell, in 1..{@value #MAX_SAMPLES}
   * @param reducer how sampled scores become one; {@code null} means {@link SampleReducer#MEDIAN}
   * @param backend the backend for this evaluation, or {@code null} for the engine's default
   * @param model the model for this evaluation, or {@code null} for the engine's default
   * @param temperature the temperature for this evaluation (0..2), or {@code null}
   * @param deadline the longest this evaluation may take, positive, or {@code null}
   * @param listener receives results as they land; {@code null} means none
   * @param backends named backends for this evaluation; {@code null} means none
   * @throws IllegalArgumentException naming the value out of range
   */
  public EvaluationOptions(
      @Nullable Scope scope,
      int samples,
      @Nullable SampleReducer reducer,
      @Nullable LlmBackend backend,
      @Nullable String model,
      @Nullable Double temperature,
      @Nullable Duration deadline,
      @Nullable EvaluationListener listener,
      @Nullable Map<String, LlmBackend> backends) {
    this(scope, samples, reducer, backend, model, temperature, deadline, listener, backends, Budget.NONE);
  }

  private static Map<String, LlmBackend> lowerCaseKeys(Map<String, LlmBackend> backends) {
    Map<String, LlmBackend> copy = new LinkedHashMap<>();
    backends.forEach((name, backend) -> {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("backend names must not be blank");
      }
      if (backend == null) {
        throw new IllegalArgumentException("backend \"" + name + "\" must not be null");
      }
      copy.put(name.strip().toLowerCase(Locale.ROOT), backend);
    });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a copy with another listener and every other choice unchanged.
   *
   * @param value the listener; {@code null} means {@link EvaluationListener#none()}
   * @return new options; these are unchanged
   */
  public EvaluationOptions withListener(@Nullable EvaluationListener value) {
    return new EvaluationOptions(scope, samples, reducer, backend, model, temperature, deadline, value, backends, budget, earlyStop,
        batchCriteria);
  }

  /**
   * Returns the defaults: {@link Scope#MISSING} cells, one sample reduced by {@link
   * SampleReducer#MEDIAN}, the engine's backend, model, temperature and deadline, no listener and no
   * per-evaluation backends.
   *
   * @return the default options
   */
  public static EvaluationOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the {@linkplain #defaults() defaults}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder for {@link EvaluationOptions}; not thread-safe. */
  public static final class Builder {
    private @Nullable Scope scope = Scope.MISSING;
    private int samples = 1;
    private @Nullable SampleReducer reducer = SampleReducer.MEDIAN;
    private @Nullable LlmBackend backend;
    private @Nullable String model;
    private @Nullable Double temperature;
    private @Nullable Duration deadline;
    private EvaluationListener listener = EvaluationListener.none();
    private final Map<String, LlmBackend> backends = new LinkedHashMap<>();
    private Budget budget = Budget.NONE;
    private @Nullable EarlyStop earlyStop;
    private int batchCriteria = 1;

    private Builder() {}

    /**
     * Sets the most criteria one call judges for one option (default 1, one cell per call). Above
     * 1 the evaluation runs in the batched mode: fewer calls and fewer prompt tokens, at the risk
     * that the model's view of an option on one criterion colours the others. Each cell is still
     * validated and cached on its own, and a cell a batched answer misses is asked on its own.
     *
     * @param value criteria per call, in 1..{@value EvaluationOptions#MAX_BATCH_CRITERIA}
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder batchCriteria(int value) {
      checkBatch(value);
      this.batchCriteria = value;
      return this;
    }

    /**
     * Sets the self-consistency early stop (default: none, every sample is asked for).
     *
     * @param value when to stop after the first two samples agree; {@code null} means never
     * @return this builder
     */
    public Builder earlyStop(@Nullable EarlyStop value) {
      this.earlyStop = value;
      return this;
    }

    /**
     * Adds a named backend for this evaluation; criteria that name it are judged by it, in
     * preference to an engine backend of the same name.
     *
     * @param name the name criteria use ({@link dev.decisionmatrix.model.Criterion#backend()});
     *     case-insensitive; adding a name again replaces the earlier backend
     * @param namedBackend the backend
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or the backend null
     */
    public Builder backend(String name, LlmBackend namedBackend) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("backend name must not be blank");
      }
      if (namedBackend == null) {
        throw new IllegalArgumentException("backend \"" + name + "\" must not be null");
      }
      backends.put(name.strip().toLowerCase(Locale.ROOT), namedBackend);
      return this;
    }

    /**
     * Sets which cells to judge (default {@link Scope#MISSING}).
     *
     * @param value the scope; {@code null} means {@link Scope#MISSING}
     * @return this builder
     */
    public Builder scope(@Nullable Scope value) {
      this.scope = value;
      return this;
    }

    /**
     * Sets the samples per cell (default 1): independent answers that are reduced to one score,
     * whose spread shows how sure the model is. Each sample is a separate call and cache entry.
     *
     * @param value samples per cell, in 1..{@value EvaluationOptions#MAX_SAMPLES}
     * @return this builder
     * @throws IllegalArgumentException if outside 1..9
     */
    public Builder samples(int value) {
      if (value < 1 || value > MAX_SAMPLES) {
        throw new IllegalArgumentException("samples must be between 1 and " + MAX_SAMPLES + " but was " + value);
      }
      this.samples = value;
      return this;
    }

    /**
     * Sets how sampled scores become one (default {@link SampleReducer#MEDIAN}); matters only with
     * more than one sample.
     *
     * @param value the reducer; {@code null} means {@link SampleReducer#MEDIAN}
     * @return this builder
     */
    public Builder reducer(@Nullable SampleReducer value) {
      this.reducer = value;
      return this;
    }

    /**
     * Sets the backend that judges this evaluation's cells whose criterion names no backend.
     *
     * @param value the backend; {@code null} means the engine's default backend
     * @return this builder
     */
    public Builder backend(@Nullable LlmBackend value) {
      this.backend = value;
      return this;
    }

    /**
     * Sets the model for this evaluation's cells whose criterion names no model.
     *
     * @param value a model name; stripped; {@code null} or blank means the engine's default
     * @return this builder
     */
    public Builder model(@Nullable String value) {
      this.model = value == null || value.isBlank() ? null : value.strip();
      return this;
    }

    /**
     * Sets the temperature for this evaluation's cells whose criterion sets none.
     *
     * @param value the temperature in 0..2; {@code null} means the engine's default
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
     * Sets the longest this evaluation may take; cells still open then fail as {@link
     * dev.decisionmatrix.llm.LlmErrorKind#TIMEOUT}.
     *
     * @param value the deadline, positive; {@code null} means the engine's default
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder deadline(@Nullable Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException("deadline must be positive but was " + value);
      }
      this.deadline = value;
      return this;
    }

    /**
     * Sets the listener that receives results as they land (default: none).
     *
     * @param value the listener; {@code null} means {@link EvaluationListener#none()}
     * @return this builder
     */
    public Builder listener(@Nullable EvaluationListener value) {
      this.listener = value == null ? EvaluationListener.none() : value;
      return this;
    }

    /**
     * Builds the options. The builder stays usable.
     *
     * @return the options, with a copy of the named backends added so far
     */
    public EvaluationOptions build() {
      return new EvaluationOptions(scope, samples, reducer, backend, model, temperature, deadline, listener, backends, budget, earlyStop,
          batchCriteria);
    }

    /**
     * Sets the most this evaluation may spend (default {@link Budget#NONE}). When the next call
     * would pass it, the evaluation makes no further call: cells not judged stay missing.
     *
     * @param value the budget; {@code null} means none
     * @return this builder
     */
    public Builder budget(@Nullable Budget value) {
      this.budget = value == null ? Budget.NONE : value;
      return this;
    }
  }
}
