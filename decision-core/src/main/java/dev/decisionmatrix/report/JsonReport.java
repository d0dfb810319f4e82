package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.Recommendation;
import dev.decisionmatrix.rank.SensitivityReport;
import dev.decisionmatrix.rank.WeightFlip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders an evaluation and its ranking as JSON in a stable, documented schema (see {@code
 * REPORTS.md}): the {@link DecisionJson} fields {@code schemaVersion, topic, criteria, options,
 * cells, stats}, then {@code ranking}, {@code recommendation}, {@code provenance} (judge, model,
 * missing-data policy, the cells set by hand) and {@code robustness} (the sensitivity of the
 * leader under the ranking's method, or {@code null} when not analysed). Numbers that are not known
 * ({@code NaN}: an unknown confidence, the score of an option without scores, the margin without a
 * runner-up) are written as {@code null}. {@link DecisionJson#read(String)} reads a report back
 * into its evaluation.
 *
 * <p>{@link #toMap} gives the same content as plain maps and lists, for MCP structured content.
 * Stateless and thread-safe.
 */
public final class JsonReport {

  private JsonReport() {}

  /**
   * Renders the report as indented JSON.
   *
   * @param evaluation the judgments
   * @param ranking a ranking of this evaluation
   * @return the JSON text, with {@code \n} line ends
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation
   */
  public static String render(Evaluation evaluation, Ranking ranking) {
    return render(RankedEvaluation.of(evaluation, ranking));
  }

  /**
   * Renders the report as indented JSON with what the input knows: judge, policy, robustness.
   *
   * @param input the evaluation, its ranking and what to show with them
   * @return the JSON text, with {@code \n} line ends
   */
  public static String render(RankedEvaluation input) {
    return DecisionJson.writeJson(toMap(input));
  }

  /**
   * Returns the report as plain data: maps with string keys (in schema order), lists, strings,
   * numbers ({@code Integer}, {@code Long}, {@code Double}, never {@code NaN}), booleans and nulls.
   *
   * @param evaluation the judgments
   * @param ranking a ranking of this evaluation
   * @return a new, mutable map the caller owns
   * @throws IllegalArgumentException if the ranking is not a ranking of this evaluation
   */
  public static Map<String, Object> toMap(Evaluation evaluation, Ranking ranking) {
    return toMap(RankedEvaluation.of(evaluation, ranking));
  }

  /**
   * Returns the report as plain data, as {@link #toMap(Evaluation, Ranking)}, with what the input
   * knows: judge, policy, robustness.
   *
   * @param input the evaluation, its ranking and what to show with them
   * @return a new, mutable map the caller owns
   */
  public static Map<String, Object> toMap(RankedEvaluation input) {
    Map<String, Object> map = DecisionJson.toMap(input.evaluation());
    map.put("ranking", ranking(input.ranking()));
    map.put("recommendation", recommendation(input.ranking().recommendation()));
    map.put("provenance", provenance(input));
    SensitivityReport sensitivity = input.sensitivity();
    map.put("robustness", sensitivity == null ? null : sensitivity(sensitivity));
    return map;
  }

  private static Map<String, @Nullable Object> provenance(RankedEvaluation input) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    map.put("judge", input.judge());
    map.put("model", input.model());
    map.put("missingDataPolicy", input.policy());
    List<Object> manual = new ArrayList<>();
    List<String> criteria = input.decision().criteria().stream().map(c -> c.name()).toList();
    for (RankedOption r : input.ranking().options()) {
      for (int c = 0; c < criteria.size(); c++) {
        if (input.judgment(r, c) instanceof dev.decisionmatrix.judge.Judgment j && j.isManual()) {
          // Field by field: Map.of's iteration order changes from run to run, the report's must not.
          Map<String, Object> cell = new LinkedHashMap<>();
          cell.put("option", r.name());
          cell.put("criterion", criteria.get(c));
          manual.add(cell);
        }
      }
    }
    map.put("setByHand", manual);
    return map;
  }

  /**
   * The robustness of a leader as plain data: method, leader, summary, trials, win probability per
   * option (best first) and the flip points per criterion ({@code null} where none).
   *
   * @param report the analysis
   * @return a new, mutable map the caller owns
   */
  public static Map<String, @Nullable Object> sensitivity(SensitivityReport report) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    map.put("method", report.method());
    map.put("leader", report.leader());
    map.put("summary", report.summary());
    map.put("trials", report.trials());
    map.put("winProbability", new LinkedHashMap<String, Object>(report.winProbability()));
    List<Object> flips = new ArrayList<>();
    for (WeightFlip f : report.flips()) {
      Map<String, @Nullable Object> flip = new LinkedHashMap<>();
      flip.put("criterion", f.criterion());
      flip.put("weight", f.weight());
      flip.put("lowerFlip", DecisionJson.nanToNull(f.lowerFlip()));
      flip.put("lowerLeader", f.lowerLeader());
      flip.put("upperFlip", DecisionJson.nanToNull(f.upperFlip()));
      flip.put("upperLeader", f.upperLeader());
      flips.add(flip);
    }
    map.put("flips", flips);
    return map;
  }

  private static Map<String, Object> ranking(Ranking ranking) {
    List<Object> options = new ArrayList<>(ranking.options().size());
    for (RankedOption r : ranking.options()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("rank", r.isRanked() ? r.rank() : null);
      m.put("name", r.name());
      m.put("index", r.index());
      m.put("score", DecisionJson.nanToNull(r.score()));
      m.put("provisional", r.provisional());
      m.put("scored", r.scored());
      m.put("abstained", r.abstained());
      m.put("failed", r.failed());
      m.put("missing", r.missing());
      options.add(m);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("method", ranking.method());
    map.put("provisional", ranking.provisional());
    map.put("options", options);
    return map;
  }

  private static Map<String, @Nullable Object> recommendation(Recommendation r) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    map.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
    map.put("leaders", new ArrayList<Object>(r.leaders()));
    map.put("runnerUp", r.runnerUp());
    map.put("margin", DecisionJson.nanToNull(r.margin()));
    map.put("provisional", r.provisional());
    map.put("summary", r.summary());
    return map;
  }
}
