package dev.decisionmatrix.rank;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Measure;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The numbers ranking methods work on: options x criteria scores in 1..10 as judged, or raw
 * values as measured for a {@linkplain #isMeasured raw-valued} criterion ({@link #raw}), which
 * criteria are costs, the same numbers oriented so that higher is always better on the 1..10 scale
 * ({@link #value}: a cost criterion's score {@code s} becomes {@code 11 - s}; a raw-valued column
 * is min-max normalised onto 1..10), the criterion weights, and each cell's state. Each method uses whichever form its published definition
 * prescribes. A matrix as built leaves cells without a score empty ({@code NaN}); {@link
 * #imputed(MissingDataPolicy)} fills them as a {@link MissingDataPolicy} says. Immutable; {@link #withWeights(double[])} makes cheap copies for
 * sensitivity analysis (the scores are shared, not copied).
 */
public final class ScoreMatrix {

  private final List<String> optionNames;
  private final List<String> criterionNames;
  private final double[] weights;
  private final double[] values;
  private final CellState[] states;
  /** Per column: whether it is a cost, whether it holds raw values, and how raw maps to value. */
  private final ColumnScales scales;
  /** The benefit-oriented scores as judged, {@code NaN} where a cell has none; shared by imputed copies. */
  private final double[] judged;
  private final MissingDataPolicy missingData;
  /** Set when the leader depends on the missing-data policy: why the lead is not clear. */
  private final @Nullable String unsettled;
  /** Per cell, the range of the samples its score was reduced from (0 for a single sample). */
  private final double[] spreads;

  private ScoreMatrix(List<String> optionNames, List<String> criterionNames, double[] weights, double[] values, CellState[] states, ColumnScales scales) {
    this(optionNames, criterionNames, weights, values, states, scales, values, MissingDataPolicy.EXCLUDE, null, new double[values.length]);
  }

  private ScoreMatrix(
      List<String> optionNames,
      List<String> criterionNames,
      double[] weights,
      double[] values,
      CellState[] states,
      ColumnScales scales,
      double[] judged,
      MissingDataPolicy missingData,
      @Nullable String unsettled,
      double[] spreads) {
    this.optionNames = optionNames;
    this.criterionNames = criterionNames;
    this.weights = weights;
    this.values = values;
    this.states = states;
    this.scales = scales;
    this.judged = judged;
    this.missingData = missingData;
    this.unsettled = unsettled;
    this.spreads = spreads;
  }

  /**
   * Builds the matrix of an evaluation.
   *
   * @param evaluation the evaluation
   * @return its numbers
   */
  public static ScoreMatrix of(Evaluation evaluation) {
    Decision d = evaluation.decision();
    int n = d.options().size();
    int m = d.criteria().size();
    double[] raw = new double[n * m];
    double[] spreads = new double[n * m];
    CellState[] states = new CellState[n * m];
    double[] weights = new double[m];
    boolean[] cost = new boolean[m];
    boolean[] measured = new boolean[m];
    for (int c = 0; c < m; c++) {
      Criterion criterion = d.criteria().get(c);
      weights[c] = criterion.weight();
      cost[c] = criterion.direction() == Direction.COST;
      measured[c] = criterion.isMeasured() && !criterion.measure().isYesNo();
    }
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        int i = o * m + c;
        Measure measure = d.criteria().get(c).measure();
        raw[i] = Double.NaN;
        states[i] = CellState.MISSING;
        switch (evaluation.judgment(o, c)) {
          case null -> {}
          case Judgment.Scored s -> {
            // a score on a raw-valued criterion does not count: its cells take measured values
            if (measure == null) {
              raw[i] = s.score();
              spreads[i] = s.samples() > 1 ? s.spread() : 0;
              states[i] = CellState.SCORED;
            }
          }
          case Judgment.Measured v -> {
            // a value in another unit (or on a judged criterion) does not count
            if (measure != null && measure.sameUnit(v.unit())) {
              raw[i] = measure.isYesNo() ? (v.value() == 1 ? Judgment.MAX_SCORE : Judgment.MIN_SCORE) : v.value();
              states[i] = CellState.SCORED;
            }
          }
          case Judgment.Abstained a -> states[i] = CellState.ABSTAINED;
          case Judgment.Failed f -> states[i] = CellState.FAILED;
        }
      }
    }
    ColumnScales scales = ColumnScales.fit(cost, measured, raw);
    double[] values = new double[n * m];
    for (int i = 0; i < values.length; i++) {
      values[i] = scales.toValue(i % Math.max(m, 1), raw[i]);
    }
    return new ScoreMatrix(d.options().stream().map(o -> o.name()).toList(), d.criteria().stream().map(Criterion::name).toList(), weights,
        values, states, scales, values, MissingDataPolicy.EXCLUDE, null, spreads);
  }

  /**
   * Builds a matrix from raw numbers (for tests, benchmarks and imports). {@code NaN} marks a cell
   * without a score; its state must then not be {@link CellState#SCORED}.
   *
   * @param optionNames the options' names
   * @param criterionNames the criteria's names
   * @param weights one weight per criterion, each positive
   * @param scores one row per option: benefit-oriented scores in 1..10 or {@code NaN}
   * @param states one row per option: the cells' states
   * @return the matrix
   * @throws IllegalArgumentException if shapes disagree or a value is out of range
   */
  public static ScoreMatrix of(List<String> optionNames, List<String> criterionNames, double[] weights, double[][] scores, CellState[][] states) {
    return of(optionNames, criterionNames, weights, scores, states, new boolean[criterionNames.size()]);
  }

  /**
   * Builds a matrix from scores as judged, with cost criteria marked (for tests, benchmarks and
   * imports). {@code NaN} marks a cell without a score; its state must then not be {@link
   * CellState#SCORED}.
   *
   * @param optionNames the options' names
   * @param criterionNames the criteria's names
   * @param weights one weight per criterion, each positive
   * @param scores one row per option: scores in 1..10 as judged (for a cost criterion, how much of
   *     the cost) or {@code NaN}
   * @param states one row per option: the cells' states
   * @param cost one flag per criterion: whether it is a cost (lower is better)
   * @return the matrix
   * @throws IllegalArgumentException if shapes disagree or a value is out of range
   */
  public static ScoreMatrix of(
      List<String> optionNames, List<String> criterionNames, double[] weights, double[][] scores, CellState[][] states, boolean[] cost) {
    int n = optionNames.size();
    int m = criterionNames.size();
    if (weights.length != m || cost.length != m || scores.length != n || states.length != n) {
      throw new IllegalArgumentException("shapes disagree: " + n + " options, " + m + " criteria");
    }
    double[] values = new double[n * m];
    CellState[] flat = new CellState[n * m];
    for (int o = 0; o < n; o++) {
      if (scores[o].length != m || states[o].length != m) {
        throw new IllegalArgumentException("row " + o + " must have " + m + " entries");
      }
      for (int c = 0; c < m; c++) {
        double v = scores[o][c];
        CellState s = Objects.requireNonNull(states[o][c], "state");
        if (s == CellState.SCORED && !(v >= 1 && v <= 10)) {
          throw new IllegalArgumentException("score at [" + o + "][" + c + "] must be in 1..10 but was " + v);
        }
        values[o * m + c] = s != CellState.SCORED ? Double.NaN : cost[c] ? 11 - v : v;
        flat[o * m + c] = s;
      }
    }
    for (double w : weights) {
      if (!(w > 0)) {
        throw new IllegalArgumentException("weights must be positive but one was " + w);
      }
    }
    return new ScoreMatrix(List.copyOf(optionNames), List.copyOf(criterionNames), weights.clone(), values, flat, ColumnScales.judged(cost));
  }

  /**
   * Returns a copy with other weights; scores and states are shared.
   *
   * @param newWeights one positive weight per criterion
   * @return the copy
   * @throws IllegalArgumentException if the count differs or a weight is not positive
   */
  public ScoreMatrix withWeights(double[] newWeights) {
    if (newWeights.length != weights.length) {
      throw new IllegalArgumentException("expected " + weights.length + " weights but got " + newWeights.length);
    }
    for (double w : newWeights) {
      if (!(w > 0)) {
        throw new IllegalArgumentException("weights must be positive but one was " + w);
      }
    }
    return new ScoreMatrix(optionNames, criterionNames, newWeights.clone(), values, states, scales, judged, missingData, unsettled, spreads);
  }

  /**
   * Returns a copy whose cells without a score are filled as a missing-data policy says; the cells
   * keep their state, so counts of scored cells are unchanged. Always imputes from the scores as
   * judged, so imputing an imputed matrix again with another policy is the same as imputing the
   * original. An option without any score and a criterion without any score stay empty.
   *
   * @param policy the policy
   * @return the copy, or this matrix if it already follows that policy
   */
  public ScoreMatrix imputed(MissingDataPolicy policy) {
    if (policy == missingData && unsettled == null) {
      return this;
    }
    if (policy == MissingDataPolicy.EXCLUDE || !hasFillableCells()) {
      return new ScoreMatrix(optionNames, criterionNames, weights, judged, states, scales, judged, policy, null, spreads);
    }
    int n = optionCount();
    int m = criterionCount();
    double[] filled = judged.clone();
    boolean[] hasScore = new boolean[n];
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m && !hasScore[o]; c++) {
        hasScore[o] = !Double.isNaN(judged[o * m + c]);
      }
    }
    double[] column = new double[n];
    for (int c = 0; c < m; c++) {
      for (int o = 0; o < n; o++) {
        column[o] = judged[o * m + c];
      }
      double fill = policy.fill(column);
      for (int o = 0; o < n; o++) {
        if (hasScore[o] && Double.isNaN(column[o])) {
          filled[o * m + c] = fill;
        }
      }
    }
    return new ScoreMatrix(optionNames, criterionNames, weights, filled, states, scales, judged, policy, null, spreads);
  }

  /**
   * Tells whether some cell without a score belongs to an option and a criterion that each have a
   * score elsewhere: the cells a missing-data policy other than exclusion fills in.
   *
   * @return {@code true} if policies can disagree about this matrix
   */
  public boolean hasFillableCells() {
    int n = optionCount();
    int m = criterionCount();
    boolean[] columnScored = new boolean[m];
    boolean[] rowScored = new boolean[n];
    boolean anyGap = false;
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        boolean scored = !Double.isNaN(judged[o * m + c]);
        columnScored[c] |= scored;
        rowScored[o] |= scored;
        anyGap |= !scored;
      }
    }
    if (!anyGap) {
      return false;
    }
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        if (rowScored[o] && columnScored[c] && Double.isNaN(judged[o * m + c])) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the missing-data policy this matrix's cells without a score follow.
   *
   * @return {@link MissingDataPolicy#EXCLUDE} for a matrix as built, otherwise the policy given to
   *     {@link #imputed(MissingDataPolicy)}
   */
  public MissingDataPolicy missingData() {
    return missingData;
  }

  /**
   * Returns a copy that records, per cell, the range of the samples its score was reduced from (for
   * tests and imports; {@link #of(Evaluation)} takes them from the judgments).
   *
   * @param sampleSpreads one row per option: each cell's range, at least 0
   * @return the copy
   * @throws IllegalArgumentException if the shape differs or a range is negative or not finite
   */
  public ScoreMatrix withSampleSpreads(double[][] sampleSpreads) {
    int n = optionCount();
    int m = criterionCount();
    if (sampleSpreads.length != n) {
      throw new IllegalArgumentException("expected " + n + " rows of sample spreads but got " + sampleSpreads.length);
    }
    double[] flat = new double[n * m];
    for (int o = 0; o < n; o++) {
      if (sampleSpreads[o].length != m) {
        throw new IllegalArgumentException("row " + o + " of sample spreads must have " + m + " entries");
      }
      for (int c = 0; c < m; c++) {
        double v = sampleSpreads[o][c];
        if (!(v >= 0 && v <= 9)) {
          throw new IllegalArgumentException("sample spread at [" + o + "][" + c + "] must be in 0..9 but was " + v);
        }
        flat[o * m + c] = v;
      }
    }
    return new ScoreMatrix(optionNames, criterionNames, weights, values, states, scales, judged, missingData, unsettled, flat);
  }

  /** A copy with other benefit-oriented values (same shape), for Monte Carlo trials over the scores. */
  ScoreMatrix withValues(double[] newValues) {
    return new ScoreMatrix(optionNames, criterionNames, weights, newValues, states, scales, judged, missingData, unsettled, spreads);
  }

  /**
   * Returns the range of the samples a cell's score was reduced from: the largest minus the
   * smallest sampled score. Indices are not checked one by one, so pass only indices in range.
   *
   * @param option the option's index, in 0..optionCount()-1
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return the range, 0 for a single sample, a hand-set score or a cell without a score
   */
  public double sampleSpread(int option, int criterion) {
    return spreads[option * weights.length + criterion];
  }

  /** A copy whose recommendation may not call the lead clear, for the reason given. */
  ScoreMatrix unsettled(String why) {
    return new ScoreMatrix(optionNames, criterionNames, weights, values, states, scales, judged, missingData, why, spreads);
  }

  /** Why the lead is not clear whatever the margin, or {@code null}. */
  @Nullable String unsettledReason() {
    return unsettled;
  }

  /**
   * Returns the number of options: the matrix's rows.
   *
   * @return the option count, at least 0
   */
  public int optionCount() {
    return optionNames.size();
  }

  /**
   * Returns the number of criteria: the matrix's columns.
   *
   * @return the criterion count, at least 0
   */
  public int criterionCount() {
    return criterionNames.size();
  }

  /**
   * Returns the options' names, in row order.
   *
   * @return an unmodifiable list
   */
  public List<String> optionNames() {
    return optionNames;
  }

  /**
   * Returns the criteria's names, in column order.
   *
   * @return an unmodifiable list
   */
  public List<String> criterionNames() {
    return criterionNames;
  }

  /**
   * Returns a criterion's weight.
   *
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return the weight, positive
   * @throws ArrayIndexOutOfBoundsException if the index is out of range
   */
  public double weight(int criterion) {
    return weights[criterion];
  }

  /**
   * Returns the weights, one per criterion.
   *
   * @return a new array; changing it does not change the matrix
   */
  public double[] weights() {
    return weights.clone();
  }

  /**
   * Returns a cell's benefit-oriented score: higher is better, for cost criteria too. Indices are
   * not checked one by one, so pass only indices in range.
   *
   * @param option the option's index, in 0..optionCount()-1
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return the score in 1..10; {@code NaN} if the cell is not {@link CellState#SCORED}, unless the
   *     matrix was {@linkplain #imputed(MissingDataPolicy) imputed}
   */
  public double value(int option, int criterion) {
    return values[option * weights.length + criterion];
  }

  /**
   * Returns a cell's score as judged: for a cost criterion, how much of the cost (higher is worse).
   * Indices are not checked one by one, so pass only indices in range.
   *
   * @param option the option's index, in 0..optionCount()-1
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return the score in 1..10; {@code NaN} if the cell is not {@link CellState#SCORED}, unless the
   *     matrix was {@linkplain #imputed(MissingDataPolicy) imputed}
   */
  public double raw(int option, int criterion) {
    return scales.toRaw(criterion, values[option * weights.length + criterion]);
  }

  /** {@link #raw} maps a cell's value v to {@code rawOffset + rawSlope * v}: this criterion's offset. */
  double rawOffset(int criterion) {
    return scales.offset(criterion);
  }

  /** {@link #raw} maps a cell's value v to {@code rawOffset + rawSlope * v}: this criterion's slope. */
  double rawSlope(int criterion) {
    return scales.slope(criterion);
  }

  /**
   * Tells whether a criterion is a cost: lower raw scores are better.
   *
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return {@code true} for a cost criterion
   */
  public boolean isCost(int criterion) {
    return scales.isCost(criterion);
  }

  /**
   * Tells whether a criterion holds raw values in a unit (a price, a latency) rather than scores
   * on the 1..10 scale. Its {@link #raw} values are the numbers as entered, and its {@link #value}s
   * are them min-max normalised onto 1..10 (best 10, worst 1, all equal 5.5). A yes/no criterion
   * is not counted here: it enters as 10 (yes) or 1 (no), like a judged score.
   *
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return {@code true} for a raw-valued numeric criterion
   */
  public boolean isMeasured(int criterion) {
    return scales.isMeasured(criterion);
  }

  /**
   * Returns a cell's state. Indices are not checked one by one, so pass only indices in range.
   *
   * @param option the option's index, in 0..optionCount()-1
   * @param criterion the criterion's index, in 0..criterionCount()-1
   * @return the state, never {@code null}
   */
  public CellState state(int option, int criterion) {
    return states[option * weights.length + criterion];
  }

  /**
   * Builds a complete matrix of raw values as measured (any finite numbers, not only 1..10), every
   * criterion {@linkplain #isMeasured raw-valued}, for reproducing published examples in tests.
   */
  static ScoreMatrix ofMeasurements(List<String> optionNames, List<String> criterionNames, double[] weights, double[][] raw, boolean[] cost) {
    int n = optionNames.size();
    int m = criterionNames.size();
    double[] flatRaw = new double[n * m];
    CellState[] flat = new CellState[n * m];
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < m; c++) {
        if (!Double.isFinite(raw[o][c])) {
          throw new IllegalArgumentException("measurement at [" + o + "][" + c + "] must be finite but was " + raw[o][c]);
        }
        flatRaw[o * m + c] = raw[o][c];
        flat[o * m + c] = CellState.SCORED;
      }
    }
    boolean[] measured = new boolean[m];
    java.util.Arrays.fill(measured, true);
    ColumnScales scales = ColumnScales.fit(cost, measured, flatRaw);
    double[] values = new double[n * m];
    for (int i = 0; i < values.length; i++) {
      values[i] = scales.toValue(i % m, flatRaw[i]);
    }
    return new ScoreMatrix(List.copyOf(optionNames), List.copyOf(criterionNames), weights.clone(), values, flat, scales);
  }

  @Override
  public String toString() {
    return "ScoreMatrix[" + optionCount() + "x" + criterionCount() + ", weights=" + Arrays.toString(weights) + "]";
  }
}
