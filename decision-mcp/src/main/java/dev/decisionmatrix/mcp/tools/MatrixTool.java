package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.Recommendation;
import dev.decisionmatrix.rank.ScoreMatrix;
import dev.decisionmatrix.rank.SensitivityReport;
import dev.decisionmatrix.rank.WeightFlip;
import dev.decisionmatrix.report.HeatmapPng;
import dev.decisionmatrix.report.JsonReport;
import dev.decisionmatrix.report.MarkdownReport;
import dev.decisionmatrix.report.RankedEvaluation;
import dev.decisionmatrix.store.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code get_decision_matrix}: the matrix as a Markdown table with ranking and recommendation. */
final class MatrixTool {

  private final ToolServices services;

  MatrixTool(ToolServices services) {
    this.services = services;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "get_decision_matrix",
        "Show the decision matrix",
        "Returns the decision matrix of a session: a Markdown table of options x criteria with scores (hand-set ones marked),"
            + " weighted totals and ranks, who judged, the missing-data policy, the recommendation with its margin, and the cells that abstained or failed. Structured content follows"
            + " the documented JSON report schema (topic, criteria, options, cells, stats, ranking, recommendation) plus a"
            + " sensitivity analysis: the exact weights at which the leader would change and how often it wins when every"
            + " weight is randomly halved to doubled. With image: true it also answers with a PNG heatmap of the matrix.",
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "method":{"type":"string","enum":%s,
            "description":"ranking method (default weighted-sum)"},
          "missing":{"type":"string","enum":%s,
            "description":"what a cell without a score (abstained, failed, not judged) counts as: worst = the worst score on its criterion (default), mean = the criterion's mean, neutral = 5.5, exclude = left out with weights renormalised"},
          "reasoning":{"type":"boolean","description":"also list every cell's reasoning, option by option (default false)"},
          "image":{"type":"boolean","description":"also answer with a PNG heatmap of the matrix as image content (default false)"}},
          "required":["session_id"]}""".formatted(RankingArguments.methodNames(), RankingArguments.policyNames()),
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"missingData":{"type":"string"},"schemaVersion":{"type":"integer"},"topic":{"type":"string"},
          "criteria":{"type":"array","items":{"type":"object"}},
          "options":{"type":"array","items":{"type":"object"}},
          "cells":{"type":"array","items":{"type":"object"}},
          "stats":{"type":"object"},
          "ranking":{"type":"object","properties":{"method":{"type":"string"},"provisional":{"type":"boolean"},
            "options":{"type":"array","items":{"type":"object"}}},"required":["method","options"]},
          "recommendation":{"type":"object","properties":{"verdict":{"type":"string"},
            "leaders":{"type":"array","items":{"type":"string"}},"summary":{"type":"string"}},"required":["verdict","leaders","summary"]},
          "provenance":{"type":"object","properties":{"judge":{"anyOf":[{"type":"string"},{"type":"null"}]},"model":{"anyOf":[{"type":"string"},{"type":"null"}]},
            "missingDataPolicy":{"type":"string"},"setByHand":{"type":"array","items":{"type":"object"}}}},
          "robustness":{"anyOf":[{"type":"object"},{"type":"null"}]},
          "sensitivity":{"type":"object","properties":{"method":{"type":"string"},"leader":{"anyOf":[{"type":"string"},{"type":"null"}]},"summary":{"type":"string"},
            "winProbability":{"type":"object"},"flips":{"type":"array","items":{"type":"object"}}}}},
          "required":["session_id","topic","criteria","options","cells","ranking","recommendation"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          // Reading writes nothing: it works on a read-only data directory and never races a writer.
          Session session = services.session(ctx, id);
          ToolResult result = render(session, RankingArguments.method(args), RankingArguments.missing(args), judge(services, session, ctx),
              args.flag("reasoning"));
          return args.flag("image") ? withHeatmap(result, session, RankingArguments.method(args), RankingArguments.missing(args)) : result;
        });
  }

  /**
   * Who judges the session's cells, as far as the server knows: the session's backend and model,
   * or the server's default judge for this client. Judgments do not record their judge, so this
   * names the judge the session is set to use.
   */
  static Judge judge(ToolServices services, Session session, ToolContext ctx) {
    String backend = session.settings().backend();
    return new Judge(backend != null ? backend : "default: " + services.judges().describeDefault(ctx.sampling() != null), session.settings().model());
  }

  /** A judge's backend and model, as reports name them; either may be unknown. */
  record Judge(@Nullable String backend, @Nullable String model) {

    static final Judge UNKNOWN = new Judge(null, null);

    RankedEvaluation apply(RankedEvaluation input) {
      return input.withJudge(backend, model);
    }
  }

  private static ToolResult withHeatmap(ToolResult result, Session session, RankingMethod method, MissingDataPolicy missing) {
    Evaluation evaluation = session.evaluation();
    byte[] png = HeatmapPng.render(RankedEvaluation.of(evaluation, Ranking.of(evaluation, method, missing)));
    return result.with(new ToolAttachment.Image("image/png", png));
  }

  /**
   * Renders a session's matrix.
   *
   * @param session the session
   * @return the answer
   */
  static ToolResult render(Session session) {
    return render(session, RankingMethod.weightedSum(), MissingDataPolicy.DEFAULT, Judge.UNKNOWN, false);
  }

  /**
   * Renders a session's matrix ranked by a method, with the sensitivity of that method's leader.
   *
   * @param session the session
   * @param method the ranking method
   * @param missing what cells without a score count as
   * @param judge who judges the session
   * @param reasoning whether to list every cell's reasoning
   * @return the answer
   */
  static ToolResult render(Session session, RankingMethod method, MissingDataPolicy missing, Judge judge, boolean reasoning) {
    Evaluation evaluation = session.evaluation();
    // Robustness of the leader of the ranking shown (same method, same filled-in cells), not of
    // another method's leader; the text, the structured report and "sensitivity" share it.
    RankedEvaluation input = judge.apply(RankedEvaluation.of(evaluation, Ranking.of(evaluation, method, missing)))
        .analyzed(method).withReasoning(reasoning);
    SensitivityReport sensitivity = java.util.Objects.requireNonNull(input.sensitivity());
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.putAll(JsonReport.toMap(input));
    out.put("missingData", missing.id());
    out.put("sensitivity", sensitivityMap(sensitivity));
    Recommendation r = input.ranking().recommendation();
    String text = "Session " + session.id() + "\n\n" + MarkdownReport.render(input)
        + (ScoreMatrix.of(evaluation).hasFillableCells()
            ? "\n\n**Missing data:** cells without a score are " + missing.rule() + " (`" + missing.id() + "`); pass `missing` to change it."
            : "")
        + (r.provisional() ? "\n\nSome cells are not judged yet or failed: call evaluate_options to complete the matrix." : "");
    return ToolResult.ok(text, out);
  }

  static Map<String, Object> sensitivityMap(SensitivityReport report) {
    Map<String, Object> out = JsonMaps.map();
    out.put("method", report.method());
    out.put("leader", report.leader());
    out.put("summary", report.summary());
    out.put("trials", report.trials());
    out.put("winProbability", report.winProbability());
    List<Map<String, Object>> flips = new ArrayList<>();
    for (WeightFlip f : report.flips()) {
      Map<String, Object> flip = JsonMaps.map();
      flip.put("criterion", f.criterion());
      flip.put("weight", f.weight());
      flip.put("lowerFlip", JsonMaps.num(f.lowerFlip()));
      flip.put("lowerLeader", f.lowerLeader());
      flip.put("upperFlip", JsonMaps.num(f.upperFlip()));
      flip.put("upperLeader", f.upperLeader());
      flips.add(flip);
    }
    out.put("flips", flips);
    Map<String, Object> intervals = JsonMaps.map();
    report.rankIntervals().forEach((option, r) -> intervals.put(option, Map.of("best", r.best(), "median", r.median(), "worst", r.worst())));
    out.put("rankIntervals", intervals);
    return out;
  }

  /**
   * Renders a session's matrix as Markdown only (for resources).
   *
   * @param session the session
   * @return the Markdown
   */
  static String markdown(Session session) {
    return MarkdownReport.render(session.evaluation(), Ranking.weightedSum(session.evaluation()));
  }

  /**
   * Renders a session's matrix as the JSON report map (for resources).
   *
   * @param session the session
   * @return the map
   */
  static Map<String, Object> json(Session session) {
    return JsonReport.toMap(session.evaluation(), Ranking.weightedSum(session.evaluation()));
  }
}
