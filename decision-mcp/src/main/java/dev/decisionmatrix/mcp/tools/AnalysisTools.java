package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.rank.HeadToHead;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import dev.decisionmatrix.rank.Sensitivity;
import dev.decisionmatrix.rank.SensitivityReport;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.consensus.MethodComparison;
import dev.decisionmatrix.store.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The read-only analysis tools: robustness of the leader and two options head to head. */
final class AnalysisTools {

  /** Most Monte Carlo trials one call may ask for; 100x50 at this size stays well under a second. */
  static final int MAX_TRIALS = 100_000;

  private final ToolServices services;

  AnalysisTools(ToolServices services) {
    this.services = services;
  }

  List<ToolDefinition> definitions() {
    return List.of(sensitivityAnalysis(), compareOptions(), compareMethods());
  }

  private ToolDefinition sensitivityAnalysis() {
    return ToolDefinition.of(
        "sensitivity_analysis",
        "How robust is the leader?",
        "Tests how robust the leader of a ranking method is: for each criterion, the weight (in 0.1..10) at which another"
            + " option would take the lead and who that is, and each option's share of Monte Carlo trials in which every weight"
            + " is multiplied by a random factor between 1/spread and spread. Seeded, so the same call gives the same answer."
            + " Makes no LLM call.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session to analyse."},
          "method":{"type":"string","enum":%s,"description":"Ranking method whose leader is tested (default weighted-sum)."},
          "missing":{"type":"string","enum":%s,"description":"What cells without a score count as (default worst)."},
          "trials":{"type":"integer","minimum":0,"maximum":%d,"description":"Monte Carlo trials (default %d; 0 skips them)."},
          "spread":{"type":"number","minimum":1,"maximum":100,"description":"Largest factor a weight is multiplied or divided by (default 2: halved to doubled)."},
          "seed":{"type":"integer","description":"Seed of the random source (default 42)."}},
          "required":["session_id"]}""".formatted(RankingArguments.methodNames(), RankingArguments.policyNames(), MAX_TRIALS, Sensitivity.DEFAULT_TRIALS),
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"missingData":{"type":"string"},
          "method":{"type":"string"},"leader":{"anyOf":[{"type":"string"},{"type":"null"}]},"summary":{"type":"string"},"trials":{"type":"integer"},
          "winProbability":{"type":"object"},"rankIntervals":{"type":"object"},"flips":{"type":"array","items":{"type":"object"}}},
          "required":["session_id","method","summary","flips"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          Session session = services.session(ctx, args.requiredText("session_id"));
          RankingMethod method = RankingArguments.method(args);
          MissingDataPolicy missing = RankingArguments.missing(args);
          Double trials = args.number("trials", 0, MAX_TRIALS);
          Double spread = args.number("spread", 1, 100);
          Double seed = args.number("seed", -9.007199254740991E15, 9.007199254740991E15);
          if (trials != null && trials != Math.rint(trials)) {
            throw new ToolInputException("argument \"trials\" is " + trials + " but must be a whole number", "Pass an integer such as 2000.");
          }
          ScoreMatrix matrix = ScoreMatrix.of(session.evaluation()).imputed(missing);
          SensitivityReport report = Sensitivity.analyze(matrix, method, trials == null ? Sensitivity.DEFAULT_TRIALS : trials.intValue(),
              spread == null ? 2.0 : spread, seed == null ? 42L : seed.longValue());
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", session.id());
          out.put("missingData", missing.id());
          out.putAll(MatrixTool.sensitivityMap(report));
          String text = "**Robustness of the " + report.method() + " leader** (session " + session.id() + ", cells without a score "
              + missing.rule() + "): " + report.summary() + flipTable(report) + intervals(report);
          return ToolResult.ok(text, out);
        });
  }

  private static String flipTable(SensitivityReport report) {
    if (report.leader() == null || report.flips().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n\n| Criterion | Weight | Leader changes below | Leader changes above |\n|:---|---:|:---|:---|\n");
    report.flips().forEach(f -> out.append("| ").append(f.criterion()).append(" | ").append(number(f.weight())).append(" | ")
        .append(Double.isNaN(f.lowerFlip()) ? "never (down to 0.1)" : number(f.lowerFlip()) + ": " + f.lowerLeader()).append(" | ")
        .append(Double.isNaN(f.upperFlip()) ? "never (up to 10)" : number(f.upperFlip()) + ": " + f.upperLeader()).append(" |\n"));
    return out.toString().stripTrailing();
  }

  private static String intervals(SensitivityReport report) {
    if (report.rankIntervals().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n\nRanks across the trials (middle 90 %): ");
    report.rankIntervals().forEach((option, r) -> out.append(option).append(' ')
        .append(r.best() == r.worst() ? "always " + r.best() : r.best() + "-" + r.worst() + " (median " + r.median() + ")").append("; "));
    return out.substring(0, out.length() - 2) + ".";
  }

  private ToolDefinition compareOptions() {
    return ToolDefinition.of(
        "compare_options",
        "Compare two options head to head",
        "Puts two options of a session side by side, criterion by criterion: each one's score, which is better and by how"
            + " much, and how much of the total weight each one wins. A criterion where either has no score is undecided, never"
            + " a win. Makes no LLM call.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session."},
          "option_a":{"type":"string","description":"The first option's name (case-insensitive)."},
          "option_b":{"type":"string","description":"The second option's name (case-insensitive)."}},
          "required":["session_id","option_a","option_b"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"option_a":{"type":"string"},"option_b":{"type":"string"},"summary":{"type":"string"},
          "criteria":{"type":"array","items":{"type":"object"}}},"required":["session_id","option_a","option_b","summary","criteria"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          Session session = services.session(ctx, args.requiredText("session_id"));
          Decision decision = session.decision();
          String a = decision.option(args.requiredText("option_a")).name();
          String b = decision.option(args.requiredText("option_b")).name();
          if (a.equals(b)) {
            throw new ToolInputException("option_a and option_b are both \"" + a + "\"", "Name two different options of the session.");
          }
          HeadToHead h = HeadToHead.compare(ScoreMatrix.of(session.evaluation()), decision.optionIndex(a), decision.optionIndex(b));
          List<Map<String, Object>> rows = new ArrayList<>();
          StringBuilder table = new StringBuilder("| Criterion | Weight | " + a + " | " + b + " | Better |\n|:---|---:|---:|---:|:---|\n");
          for (HeadToHead.Row r : h.criteria()) {
            Map<String, Object> row = JsonMaps.map();
            row.put("criterion", r.criterion());
            row.put("weightShare", r.weight());
            row.put("cost", r.cost());
            row.put("scoreA", JsonMaps.num(r.firstScore()));
            row.put("stateA", r.firstState().name().toLowerCase(Locale.ROOT));
            row.put("scoreB", JsonMaps.num(r.secondScore()));
            row.put("stateB", r.secondState().name().toLowerCase(Locale.ROOT));
            row.put("better", r.better());
            row.put("advantage", JsonMaps.num(r.advantage()));
            rows.add(row);
            table.append("| ").append(r.criterion()).append(r.cost() ? " (lower is better)" : "").append(" | ")
                .append(String.format(Locale.ROOT, "%.0f%%", r.weight() * 100)).append(" | ").append(cell(r.firstScore(), r.firstState().name()))
                .append(" | ").append(cell(r.secondScore(), r.secondState().name())).append(" | ")
                .append(r.better() == null ? (Double.isNaN(r.advantage()) ? "undecided" : "tie") : r.better()).append(" |\n");
          }
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", session.id());
          out.put("option_a", a);
          out.put("option_b", b);
          out.put("summary", h.summary());
          out.put("criteria", rows);
          return ToolResult.ok("**" + a + " vs " + b + "**\n\n" + table + "\n" + h.summary(), out);
        });
  }

  private ToolDefinition compareMethods() {
    return ToolDefinition.of(
        "compare_methods",
        "Compare ranking methods",
        "Ranks a session's options with several multi-criteria methods side by side (default: all of them): each"
            + " method's ranks, how well each pair of methods agrees (Spearman and Kendall rank correlation), a Borda and a"
            + " Copeland consensus order, and a plain statement of whether the methods agree on the winner. Makes no LLM call.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session."},
          "methods":{"type":"array","items":{"type":"string","enum":%s},"description":"Methods to compare (default: all)."},
          "missing":{"type":"string","enum":%s,"description":"What cells without a score count as (default worst)."}},
          "required":["session_id"]}""".formatted(RankingArguments.methodNames(), RankingArguments.policyNames()),
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"missingData":{"type":"string"},"statement":{"type":"string"},
          "methods":{"type":"array","items":{"type":"object"}},"agreements":{"type":"array","items":{"type":"object"}},
          "borda":{"type":"array","items":{"type":"string"}},"copeland":{"type":"array","items":{"type":"string"}}},
          "required":["session_id","statement","methods","agreements","borda","copeland"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          Session session = services.session(ctx, args.requiredText("session_id"));
          MissingDataPolicy missing = RankingArguments.missing(args);
          List<RankingMethod> methods = RankingArguments.methods(args);
          MethodComparison c = MethodComparison.of(ScoreMatrix.of(session.evaluation()), methods, missing);
          List<Map<String, Object>> perMethod = new ArrayList<>();
          StringBuilder table = new StringBuilder("| Option |");
          c.rankings().forEach(r -> table.append(' ').append(r.method()).append(" |"));
          table.append(" Borda |\n|:---|").append("---:|".repeat(c.rankings().size() + 1)).append('\n');
          for (Ranking r : c.rankings()) {
            Map<String, Object> m = JsonMaps.map();
            m.put("method", r.method());
            m.put("leaders", r.recommendation().leaders());
            m.put("verdict", r.recommendation().verdict().name().toLowerCase(Locale.ROOT));
            Map<String, Object> ranks = JsonMaps.map();
            r.options().forEach(o -> ranks.put(o.name(), o.isRanked() ? o.rank() : null));
            m.put("ranks", ranks);
            perMethod.add(m);
          }
          for (String option : c.borda()) {
            table.append("| ").append(option).append(" |");
            for (Ranking r : c.rankings()) {
              RankedOption o = r.option(option).orElseThrow();
              table.append(' ').append(o.isRanked() ? Integer.toString(o.rank()) : "\u2013").append(" |");
            }
            table.append(' ').append(String.format(Locale.ROOT, "%.1f", c.bordaPoints().get(c.options().indexOf(option)))).append(" |\n");
          }
          List<Map<String, Object>> agreements = new ArrayList<>();
          for (MethodComparison.Agreement a : c.agreements()) {
            Map<String, Object> m = JsonMaps.map();
            m.put("first", a.first());
            m.put("second", a.second());
            m.put("spearman", JsonMaps.num(a.spearman()));
            m.put("kendall", JsonMaps.num(a.kendall()));
            m.put("sameWinner", a.sameWinner());
            agreements.add(m);
          }
          MethodComparison.Agreement weakest = c.agreements().stream().filter(a -> !Double.isNaN(a.kendall()))
              .min(java.util.Comparator.comparingDouble(MethodComparison.Agreement::kendall)).orElse(null);
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", session.id());
          out.put("missingData", missing.id());
          out.put("statement", c.statement());
          out.put("methods", perMethod);
          out.put("agreements", agreements);
          out.put("borda", c.borda());
          out.put("copeland", c.copeland());
          String text = "**" + c.statement() + "**\n\n" + table + "\nConsensus order, Borda: " + String.join(", ", c.borda())
              + "; Copeland: " + String.join(", ", c.copeland()) + "."
              + (weakest == null ? "" : String.format(Locale.ROOT, " Least agreeing pair: %s and %s (Kendall tau %.2f, Spearman rho %.2f).",
                  weakest.first(), weakest.second(), weakest.kendall(), weakest.spearman()));
          return ToolResult.ok(text, out);
        });
  }

  private static String cell(double score, String state) {
    return Double.isNaN(score) ? state.toLowerCase(Locale.ROOT).replace("missing", "not judged") : number(score);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
