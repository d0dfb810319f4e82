package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import dev.decisionmatrix.rank.Sensitivity;
import dev.decisionmatrix.rank.SensitivityReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every report renders: an evaluation with a ranking of that very evaluation (checked to
 * match), who judged it, the missing-data policy the ranking used, the robustness of the ranking's
 * leader (of the method shown, checked) and whether to list each cell's reasoning. Immutable;
 * start with {@link #of(Evaluation, Ranking)} and add what is known with the {@code with} methods.
 *
 * @param evaluation the judgments
 * @param ranking a ranking of this evaluation
 * @param judge the backend that judged the cells, e.g. {@code openai}, or {@code null} when not
 *     recorded
 * @param model the model that judged the cells, or {@code null} for the backend's default or when
 *     not recorded
 * @param policy the name of the missing-data policy the ranking used, e.g. {@code exclude}
 * @param sensitivity the robustness of the ranking's leader under the ranking's method, or {@code
 *     null} when not analysed
 * @param reasoning whether reports list every cell's reasoning (the HTML report always does)
 */
public record RankedEvaluation(
    Evaluation evaluation,
    Ranking ranking,
    @Nullable String judge,
    @Nullable String model,
    String policy,
    @Nullable SensitivityReport sensitivity,
    boolean reasoning) {

  /** The policy of today's rankings: an unscored criterion is left out and the weights renormalised. */
  public static final String DEFAULT_POLICY = "exclude";

  /**
   * Checks that the ranking ranks this evaluation and the robustness analysis is of its method.
   *
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation, the
   *     sensitivity report analyses another method than the ranking's, or the policy is blank
   * @throws NullPointerException if the evaluation, ranking or policy is {@code null}
   */
  public RankedEvaluation {
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(ranking, "ranking");
    Objects.requireNonNull(policy, "policy");
    if (policy.isBlank()) {
      throw new IllegalArgumentException("the missing-data policy is blank; name it, e.g. \"" + DEFAULT_POLICY + "\"");
    }
    policy = policy.strip();
    judge = judge == null || judge.isBlank() ? null : judge.strip();
    model = model == null || model.isBlank() ? null : model.strip();
    Decision decision = evaluation.decision();
    int n = decision.options().size();
    if (ranking.options().size() != n) {
      throw mismatch("it ranks " + ranking.options().size() + " options but the evaluation has " + n);
    }
    boolean[] seen = new boolean[n];
    for (RankedOption r : ranking.options()) {
      if (r.index() < 0 || r.index() >= n || seen[r.index()] || !decision.options().get(r.index()).name().equals(r.name())) {
        throw mismatch("option \"" + r.name() + "\" at index " + r.index() + " is not the evaluation's option there");
      }
      seen[r.index()] = true;
    }
    if (sensitivity != null && !sensitivity.method().equals(ranking.method())) {
      throw new IllegalArgumentException("the robustness analysis is of " + sensitivity.method() + " but the ranking shown is by "
          + ranking.method() + "; analyse the method shown (Sensitivity.analyze(matrix, method))");
    }
  }

  /**
   * Starts a report input: judge not recorded, the missing-data policy the ranking used, no
   * robustness analysis, no reasoning list.
   *
   * @param evaluation the judgments
   * @param ranking a ranking of this evaluation
   * @return the input
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation
   */
  public static RankedEvaluation of(Evaluation evaluation, Ranking ranking) {
    return new RankedEvaluation(evaluation, ranking, null, null, ranking.missingData().id(), null, false);
  }

  /**
   * Returns a copy that names who judged the cells.
   *
   * @param newJudge the backend, or {@code null} when not recorded
   * @param newModel the model, or {@code null} for the backend's default
   * @return the copy
   */
  public RankedEvaluation withJudge(@Nullable String newJudge, @Nullable String newModel) {
    return new RankedEvaluation(evaluation, ranking, newJudge, newModel, policy, sensitivity, reasoning);
  }

  /**
   * Returns a copy naming the missing-data policy the ranking used.
   *
   * @param newPolicy the policy's name, e.g. {@code exclude}
   * @return the copy
   * @throws IllegalArgumentException if the name is blank
   */
  public RankedEvaluation withPolicy(String newPolicy) {
    return new RankedEvaluation(evaluation, ranking, judge, model, newPolicy, sensitivity, reasoning);
  }

  /**
   * Returns a copy with a robustness analysis of the ranking's leader.
   *
   * @param report the analysis, of the ranking's method
   * @return the copy
   * @throws IllegalArgumentException if the report analyses another method than the ranking's
   */
  public RankedEvaluation withSensitivity(SensitivityReport report) {
    return new RankedEvaluation(evaluation, ranking, judge, model, policy, Objects.requireNonNull(report, "report"), reasoning);
  }

  /**
   * Returns a copy with the robustness of the leader under the ranking's own method, analysed with
   * the default trials, spread and seed of {@link Sensitivity#analyze(ScoreMatrix, RankingMethod)}.
   *
   * @param method the method the ranking was made with
   * @return the copy
   * @throws IllegalArgumentException if the ranking was not made with this method
   */
  public RankedEvaluation analyzed(RankingMethod method) {
    if (!method.name().equals(ranking.method())) {
      throw new IllegalArgumentException("the ranking shown is by " + ranking.method() + ", not " + method.name()
          + "; analyse the method the ranking was made with");
    }
    return withSensitivity(Sensitivity.analyze(ScoreMatrix.of(evaluation).imputed(ranking.missingData()), method));
  }

  /**
   * Returns a copy that does or does not list every cell's reasoning.
   *
   * @param include whether to list it
   * @return the copy
   */
  public RankedEvaluation withReasoning(boolean include) {
    return new RankedEvaluation(evaluation, ranking, judge, model, policy, sensitivity, include);
  }

  private static IllegalArgumentException mismatch(String detail) {
    return new IllegalArgumentException(
        "the ranking does not belong to this evaluation: " + detail + "; rank the evaluation you render (Ranking.weightedSum(evaluation))");
  }

  Decision decision() {
    return evaluation.decision();
  }

  /** A cell that a reader should look at: failed or abstained. */
  record Flagged(String option, String criterion, Judgment judgment) {}

  /** Failed cells, then abstained ones, each in rank order of options and then criterion order. */
  List<Flagged> flagged() {
    List<Flagged> failed = new ArrayList<>();
    List<Flagged> abstained = new ArrayList<>();
    int cols = decision().criteria().size();
    for (RankedOption r : ranking.options()) {
      for (int c = 0; c < cols; c++) {
        Judgment j = evaluation.judgment(r.index(), c);
        if (j instanceof Judgment.Failed) {
          failed.add(new Flagged(r.name(), decision().criteria().get(c).name(), j));
        } else if (j instanceof Judgment.Abstained) {
          abstained.add(new Flagged(r.name(), decision().criteria().get(c).name(), j));
        }
      }
    }
    failed.addAll(abstained);
    return failed;
  }

  /** Names of cells set by hand as {@code option × criterion}, in rank order. */
  List<String> manual() {
    List<String> names = new ArrayList<>();
    int cols = decision().criteria().size();
    for (RankedOption r : ranking.options()) {
      for (int c = 0; c < cols; c++) {
        if (evaluation.judgment(r.index(), c) instanceof Judgment j && j.isManual()) {
          names.add(r.name() + " \u00d7 " + decision().criteria().get(c).name());
        }
      }
    }
    return names;
  }

  /** Names of unjudged cells as {@code option × criterion}, in rank order, at most {@code limit}. */
  List<String> missing(int limit) {
    List<String> names = new ArrayList<>();
    int cols = decision().criteria().size();
    for (RankedOption r : ranking.options()) {
      for (int c = 0; c < cols && names.size() < limit; c++) {
        if (evaluation.judgment(r.index(), c) == null) {
          names.add(r.name() + " \u00d7 " + decision().criteria().get(c).name());
        }
      }
    }
    return names;
  }

  /** The most samples any scored cell was reduced from: 1 when every score is a single answer. */
  int maxSamples() {
    int most = 1;
    for (Evaluation.Cell cell : evaluation.cells()) {
      if (cell.judgment() instanceof Judgment.Scored s) {
        most = Math.max(most, s.samples());
      }
    }
    return most;
  }

  /** Whether any cell was scored by a model (not by hand). */
  boolean anyModelScore() {
    for (Evaluation.Cell cell : evaluation.cells()) {
      if (cell.judgment() instanceof Judgment.Scored s && !s.manual()) {
        return true;
      }
    }
    return false;
  }

  /** Who judged, for people: {@code openai, model gpt-4o}, or a note that it was not recorded. */
  String judgeText() {
    if (judge == null && model == null) {
      return "not recorded";
    }
    String who = judge == null ? "unknown backend" : judge;
    return who + ", model " + (model == null ? "(backend default)" : model);
  }

  /** Who scored a cell, for tables: {@code hand}, {@code openai/gpt-4o}, or empty when no score. */
  String source(@Nullable Judgment judgment) {
    if (!(judgment instanceof Judgment.Scored s)) {
      return "";
    }
    if (s.manual()) {
      return "hand";
    }
    if (judge == null && model == null) {
      return "judge";
    }
    return (judge == null ? "judge" : judge) + (model == null ? "" : "/" + model);
  }

  /** The policy with a plain explanation when it is one of the usual ones. */
  String policyText() {
    String explained;
    try {
      explained = "cells without a score are " + dev.decisionmatrix.rank.MissingDataPolicy.byName(policy).rule();
    } catch (IllegalArgumentException e) {
      explained = "";
    }
    return explained.isEmpty() ? policy : policy + " (" + explained + ")";
  }

  @Nullable Judgment judgment(RankedOption option, int criterion) {
    return evaluation.judgment(option.index(), criterion);
  }
}
