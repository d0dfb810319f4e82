package dev.decisionmatrix.model;

import org.jspecify.annotations.Nullable;

/**
 * A weighted yardstick every option is judged on. Immutable (safe to share between threads) and
 * validated.
 *
 * <p>The weight shapes only the ranking: it never reaches the judge's prompt nor the cache key, so
 * re-weighting never calls an LLM. The direction does reach the prompt (a cost criterion asks how
 * much of the cost an option carries), so changing it asks for new judgments.
 *
 * @param name the criterion's name, unique (case-insensitively) within a decision
 * @param description what the criterion means, as context for the judge; may be empty
 * @param weight relative importance in {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}; default {@value
 *     #DEFAULT_WEIGHT}
 * @param direction whether more is better ({@link Direction#BENEFIT}) or worse
 * @param rubric optional scoring instructions for the judge (what a 1, 5 and 10 look like); may be
 *     empty
 * @param backend optional name of the backend that judges this criterion, or {@code null} for the
 *     engine's default
 * @param model optional model for this criterion, or {@code null} for the default
 * @param temperature optional sampling temperature in 0..2 for this criterion, or {@code null}
 * @param measure for a raw-valued criterion, the unit its values are entered in (see {@link
 *     Measure}); {@code null} for a criterion an LLM judges on the 1..10 scale
 */
public record Criterion(
    String name,
    String description,
    double weight,
    Direction direction,
    String rubric,
    @Nullable String backend,
    @Nullable String model,
    @Nullable Double temperature,
    @Nullable Measure measure) {

  /** Smallest allowed weight. */
  public static final double MIN_WEIGHT = 0.1;

  /** Largest allowed weight. */
  public static final double MAX_WEIGHT = 10.0;

  /** Weight used when none is given. */
  public static final double DEFAULT_WEIGHT = 1.0;

  /** Largest allowed temperature. */
  public static final double MAX_TEMPERATURE = 2.0;

  /**
   * Validates and normalises the criterion.
   *
   * @param name the criterion's name; stripped, must not be blank
   * @param description what the criterion means; stripped; {@code null} means none (empty)
   * @param weight relative importance in {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}
   * @param direction whether more is better or worse; {@code null} means {@link Direction#BENEFIT}
   * @param rubric scoring instructions for the judge; stripped; {@code null} means none (empty)
   * @param backend the name of the backend that judges this criterion; stripped; {@code null} or
   *     blank means the engine's default
   * @param model the model for this criterion; stripped; {@code null} or blank means the default
   * @param temperature the sampling temperature in 0..2, or {@code null} for the default
   * @param measure the unit of a raw-valued criterion, or {@code null} for an LLM-judged one
   * @throws InvalidDecisionException if the name is blank, the weight is outside 0.1..10, or the
   *     temperature is outside 0..2
   */
  public Criterion(
      String name,
      @Nullable String description,
      double weight,
      @Nullable Direction direction,
      @Nullable String rubric,
      @Nullable String backend,
      @Nullable String model,
      @Nullable Double temperature,
      @Nullable Measure measure) {
    name = Text.name("criterion.name", name);
    description = Text.optional(description);
    rubric = Text.optional(rubric);
    checkWeight("criterion \"" + name + "\".weight", weight);
    if (direction == null) {
      direction = Direction.BENEFIT;
    }
    backend = Text.optionalOrNull(backend);
    model = Text.optionalOrNull(model);
    if (temperature != null && !(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
      throw new InvalidDecisionException(
          "criterion \"" + name + "\".temperature", temperature, "must be between 0 and 2");
    }
    this.name = name;
    this.description = description;
    this.weight = weight;
    this.direction = direction;
    this.rubric = rubric;
    this.backend = backend;
    this.model = model;
    this.temperature = temperature;
    this.measure = measure;
  }

  /**
   * Validates and normalises an LLM-judged criterion (no {@link Measure}); see the canonical
   * constructor.
   *
   * @param name the criterion's name; stripped, must not be blank
   * @param description what the criterion means; {@code null} means none (empty)
   * @param weight relative importance in {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}
   * @param direction whether more is better or worse; {@code null} means {@link Direction#BENEFIT}
   * @param rubric scoring instructions for the judge; {@code null} means none (empty)
   * @param backend the name of the backend that judges this criterion, or {@code null}
   * @param model the model for this criterion, or {@code null}
   * @param temperature the sampling temperature in 0..2, or {@code null} for the default
   * @throws InvalidDecisionException if a value breaks a rule
   */
  public Criterion(
      String name,
      @Nullable String description,
      double weight,
      @Nullable Direction direction,
      @Nullable String rubric,
      @Nullable String backend,
      @Nullable String model,
      @Nullable Double temperature) {
    this(name, description, weight, direction, rubric, backend, model, temperature, null);
  }

  /**
   * Tells whether this criterion carries raw values entered by a person or a tool rather than
   * scores an LLM judges.
   *
   * @return {@code true} if it has a {@link #measure()}
   */
  public boolean isMeasured() {
    return measure != null;
  }

  static void checkWeight(String field, double weight) {
    if (!(weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) {
      throw new InvalidDecisionException(field, weight, "must be between 0.1 and 10");
    }
  }

  /**
   * Creates a benefit criterion with weight 1 and no description.
   *
   * @param name the criterion's name
   * @return the criterion
   * @throws InvalidDecisionException if the name is {@code null} or blank
   */
  public static Criterion of(String name) {
    return builder(name).build();
  }

  /**
   * Creates a benefit criterion with a description and a weight.
   *
   * @param name the criterion's name
   * @param description what it means, may be {@code null}
   * @param weight relative importance in 0.1..10
   * @return the criterion
   * @throws InvalidDecisionException if a value breaks a rule
   */
  public static Criterion of(String name, @Nullable String description, double weight) {
    return builder(name).description(description).weight(weight).build();
  }

  /**
   * Starts a builder for a criterion.
   *
   * @param name the criterion's name
   * @return a builder with weight 1, direction benefit and no overrides
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns a builder that starts from this criterion's values, to derive a changed copy.
   *
   * @return a new builder; changing it does not change this criterion
   */
  public Builder toBuilder() {
    return new Builder(name)
        .description(description)
        .weight(weight)
        .direction(direction)
        .rubric(rubric)
        .backend(backend)
        .model(model)
        .temperature(temperature)
        .measure(measure);
  }

  /**
   * Returns a copy with another weight; the judgments stay valid (see {@link #judgedLike}).
   *
   * @param newWeight relative importance in {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}
   * @return a new criterion; this one is unchanged
   * @throws InvalidDecisionException if the weight is out of range (or not a number)
   */
  public Criterion withWeight(double newWeight) {
    return toBuilder().weight(newWeight).build();
  }

  /**
   * Returns a copy with another name and every other value unchanged. The name reaches the judge's
   * prompt, so the criterion's cells need new judgments.
   *
   * @param newName the new name; stripped, must not be blank
   * @return a new criterion; this one is unchanged
   * @throws InvalidDecisionException if the name is {@code null} or blank
   */
  public Criterion withName(String newName) {
    return toBuilder().name(newName).build();
  }

  /**
   * Tells whether this criterion asks the judge the same question as another, i.e. whether
   * judgments made for one are valid for the other. Weight is ignored; everything that reaches the
   * prompt or picks the judge counts, and so does the measure (a raw-valued criterion's unit).
   *
   * @param other the criterion to compare with
   * @return {@code true} if judgments carry over
   */
  public boolean judgedLike(Criterion other) {
    return name.equals(other.name)
        && description.equals(other.description)
        && rubric.equals(other.rubric)
        && direction == other.direction
        && java.util.Objects.equals(backend, other.backend)
        && java.util.Objects.equals(model, other.model)
        && java.util.Objects.equals(temperature, other.temperature)
        && java.util.Objects.equals(measure, other.measure);
  }

  /** Mutable builder for {@link Criterion}; not thread-safe. */
  public static final class Builder {
    private String name;
    private @Nullable String description;
    private double weight = DEFAULT_WEIGHT;
    private Direction direction = Direction.BENEFIT;
    private @Nullable String rubric;
    private @Nullable String backend;
    private @Nullable String model;
    private @Nullable Double temperature;
    private @Nullable Measure measure;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the name; checked by {@link #build()}.
     *
     * @param value the criterion's name; stripped on build, must not be blank
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Sets the description: what the criterion means, as context for the judge.
     *
     * @param value the description; {@code null} means none (empty)
     * @return this builder
     */
    public Builder description(@Nullable String value) {
      this.description = value;
      return this;
    }

    /**
     * Sets the weight, checking it at once.
     *
     * @param value relative importance in {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}
     * @return this builder
     * @throws InvalidDecisionException if outside 0.1..10 (or not a number)
     */
    public Builder weight(double value) {
      checkWeight("criterion \"" + name + "\".weight", value);
      this.weight = value;
      return this;
    }

    /**
     * Sets the direction: whether a higher score is better or worse.
     *
     * @param value the direction; {@code null} means {@link Direction#BENEFIT}
     * @return this builder
     */
    public Builder direction(@Nullable Direction value) {
      this.direction = value == null ? Direction.BENEFIT : value;
      return this;
    }

    /**
     * Sets the rubric: scoring instructions for the judge, such as what a 1, a 5 and a 10 look like.
     *
     * @param value the rubric; {@code null} means none (empty)
     * @return this builder
     */
    public Builder rubric(@Nullable String value) {
      this.rubric = value;
      return this;
    }

    /**
     * Sets the name of the backend that judges this criterion.
     *
     * @param value a backend name known to the engine or the evaluation; {@code null} or blank means
     *     the engine's default backend
     * @return this builder
     */
    public Builder backend(@Nullable String value) {
      this.backend = value;
      return this;
    }

    /**
     * Sets the model that judges this criterion.
     *
     * @param value a model name the backend understands; {@code null} or blank means the default
     *     model
     * @return this builder
     */
    public Builder model(@Nullable String value) {
      this.model = value;
      return this;
    }

    /**
     * Sets the sampling temperature for this criterion; checked by {@link #build()}.
     *
     * @param value a temperature in 0..{@value #MAX_TEMPERATURE}; {@code null} means the default
     * @return this builder
     */
    public Builder temperature(@Nullable Double value) {
      this.temperature = value;
      return this;
    }

    /**
     * Makes this a raw-valued criterion: its values are entered in a unit by a person or a tool and
     * never judged by an LLM.
     *
     * @param value the unit; {@code null} means an LLM-judged criterion
     * @return this builder
     */
    public Builder measure(@Nullable Measure value) {
      this.measure = value;
      return this;
    }

    /**
     * Builds the criterion. The builder stays usable.
     *
     * @return the criterion
     * @throws InvalidDecisionException if a value breaks a rule (blank name, temperature outside
     *     0..2)
     */
    public Criterion build() {
      return new Criterion(
          name,
          description == null ? "" : description,
          weight,
          direction,
          rubric == null ? "" : rubric,
          backend,
          model,
          temperature,
          measure);
    }
  }
}
