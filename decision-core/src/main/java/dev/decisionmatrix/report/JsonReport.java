package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders an evaluation and its ranking as JSON in a stable, documented schema (see {@code
 * REPORTS.md}): the {@link DecisionJson} fields {@code schemaVersion, topic, criteria, options,
 * cells, stats}, then {@code ranking} and {@code recommendation}. Numbers that are not known
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
    return DecisionJson.writeJson(toMap(evaluation, ranking));
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
    new RankedEvaluation(evaluation, ranking); // checks that the ranking belongs to the evaluation
    Map<String, Object> map = DecisionJson.toMap(evaluation);
    map.put("ranking", ranking(ranking));
    map.put("recommendation", recommendation(ranking.recommendation()));
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
