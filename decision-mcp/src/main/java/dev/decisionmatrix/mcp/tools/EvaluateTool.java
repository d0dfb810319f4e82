package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.engine.CellResult;
import dev.decisionmatrix.engine.EarlyStop;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationListener;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.engine.Progress;
import dev.decisionmatrix.engine.RetryEvent;
import dev.decisionmatrix.engine.RunningEvaluation;
import dev.decisionmatrix.engine.Scope;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.mcp.judge.JudgePlan;
import dev.decisionmatrix.mcp.judge.SamplingBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * {@code evaluate_options}: judges a session's cells with the engine, streaming progress and log
 * notifications, journaling each judgment as it lands, then merges them into the session with
 * {@link SessionCommand#merge} (hand-set scores and edits made meanwhile are kept).
 */
final class EvaluateTool {

  private static final System.Logger LOG = System.getLogger(EvaluateTool.class.getName());

  private static final int MAX_CELLS_IN_TEXT = 60;

  private final ToolServices services;
  private final SessionCosts sessionCosts = new SessionCosts();

  EvaluateTool(ToolServices services) {
    this.services = services;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "evaluate_options",
        "Judge the cells",
        "Has an LLM judge every cell (option x criterion) of a session that has no judgment yet, in parallel, and stores the"
            + " judgments. Judged cells are cached: re-running, re-weighting or adding an option only judges what is new."
            + " Sends progress notifications when the request has a progress token. By default the host's own model judges"
            + " (MCP sampling) when the client supports it. Reports what the calls cost and what cache hits saved;"
            + " dry_run estimates calls, tokens and cost without calling any model; max_cost or max_calls stop it cleanly when"
            + " reached, keeping what was judged.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "scope":{"type":"string","enum":["missing","failed","all"],
            "description":"missing (default): cells not judged yet or failed; failed: only failed cells; all: judge every cell again (hand-set scores are kept)."},
          "samples":{"type":"integer",${SAMPLES_RANGE},
            "description":"independent judgments per cell (default 1); the median is kept and the spread shown. Use with a temperature above 0."},
          "early_stop":{"anyOf":[{"type":"boolean"},{"type":"number"}],
            "description":"with samples >= 3: ask for two samples first and stop a cell when they agree (true: identical scores; a number: within that many points, 0-9), so agreeing cells cost two calls. Default false."},
          "batch_criteria":{"type":"integer",${BATCH_RANGE},
            "description":"most criteria one call judges for one option (default 1: one cell per call, the most independent judgment). Above 1, fewer calls and prompt tokens, but the model sees an option's criteria together, so one can colour another; each cell is still checked and cached on its own, and a cell a batched answer misses is asked on its own."},
          "dry_run":{"type":"boolean",
            "description":"true: only estimate the calls, tokens and cost (cached cells are free); no model is called and nothing changes."},
          "max_cost":{"type":"number","exclusiveMinimum":0,
            "description":"most US dollars to spend; no call starts that would pass it. Needs a price for the judge's model."},
          "max_calls":{"type":"integer","minimum":1,
            "description":"most LLM calls to make (retries and re-asks count). Cells not judged stay missing, never failed."}},
          "required":["session_id"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"scope":{"type":"string"},"judge":{"type":"string"},
          "cells":{"type":"array","items":{"type":"object","properties":{
            "option":{"type":"string"},"criterion":{"type":"string"},"status":{"type":"string"}},
            "required":["option","criterion","status"]}},
          "counts":{"type":"object"},
          "stats":{"type":"object","properties":{
            "cells_judged":{"type":"integer"},"calls":{"type":"integer"},"retries":{"type":"integer"},
            "hedges":{"type":"integer","description":"second copies of slow calls, each also one of the calls"},
            "cache_hits":{"type":"integer"},"tokens_in":{"type":"integer"},"tokens_out":{"type":"integer"},
            "wall_time_ms":{"type":"integer"},"cancelled":{"type":"boolean"}}},
          "dry_run":{"type":"boolean"},
          "estimate":{"type":"object","description":"dry_run only: cells, calls, cache_hits, tokens_in, tokens_out, cost, by_model"},
          "cost":{"type":"object","description":"spent, saved_by_cache, by_model, budget_stop; an amount's usd is null when a model has no price"},
          "session_cost":{"type":"object","description":"what this session's evaluations spent and saved since the server started"},
          "next_steps":{"type":"array","items":{"type":"string"}}},
          "required":["session_id","scope","cells","counts","stats","next_steps"]}""",
        ToolDefinition.hints(false, false, false, true),
        this::evaluate);
  }

  private static int wholeNumber(Arguments args, String name, int min, int max, int absent) {
    Double value = args.number(name, min, max);
    if (value == null) {
      return absent;
    }
    if (value != Math.rint(value)) {
      throw new ToolInputException("argument \"" + name + "\" is " + value + " but must be a whole number",
          "Pass a whole number from " + min + " to " + max + ".");
    }
    return value.intValue();
  }

  private static @Nullable EarlyStop earlyStop(Arguments args) {
    if (!args.has("early_stop")) {
      return null;
    }
    Object raw = args.raw("early_stop");
    if (raw instanceof Boolean || raw instanceof String s && (s.strip().equalsIgnoreCase("true") || s.strip().equalsIgnoreCase("false"))) {
      return args.flag("early_stop") ? EarlyStop.IDENTICAL : null;
    }
    return new EarlyStop(args.requiredNumber("early_stop", 0, 9));
  }

  @SuppressWarnings("try") // the journal is closed inside its block, before the shutdown may close the store
  private ToolResult evaluate(Arguments args, ToolContext ctx) {
    String id = args.requiredText("session_id");
    Scope scope = scope(args.text("scope"));
    int samples = wholeNumber(args, "samples", 1, EvaluationOptions.MAX_SAMPLES, 1);
    int batchCriteria = wholeNumber(args, "batch_criteria", 1, EvaluationOptions.MAX_BATCH_CRITERIA, 1);
    boolean dryRun = args.flag("dry_run");
    EarlyStop earlyStop = earlyStop(args);
    Budget budget = budget(args);
    Session session = services.session(ctx, id);
    Decision decision = session.decision();
    if (decision.options().isEmpty()) {
      throw new ToolInputException("session " + session.id() + " has no options to judge", "Add options with add_option first.");
    }
    if (decision.criteria().isEmpty()) {
      throw new ToolInputException(
          "session " + session.id() + " has no criteria to judge the options on",
          "Add criteria with add_criterion (name, description, weight, direction) first.");
    }
    Collector collector = new Collector(ctx);
    Session updated;
    Evaluation finished;
    String judge;
    // Sampling is attached for the whole evaluation: the connection's requests may travel through
    // this one. Each judgment is journaled as it lands, so a crash loses at most the calls in
    // flight; the merge keeps hand-set scores and edits made while the evaluation ran.
    try (SamplingBackend.Attachment sampling = services.judges().attach(ctx.sampling());
        JudgmentJournal journal = services.sessions(ctx).journal(id, decision)) {
      JudgePlan plan = services.judges().plan(decision, session.settings(), sampling == null ? null : sampling.backend());
      judge = plan.description();
      EvaluationOptions.Builder options =
          EvaluationOptions.builder()
              .scope(scope)
              .samples(samples)
              .batchCriteria(batchCriteria)
              .earlyStop(earlyStop)
              .backend(plan.backend())
              .model(plan.model())
              .temperature(plan.temperature())
              .budget(budget)
              .listener(collector.andThen(journal));
      plan.callerBackends().forEach(options::backend);
      if (dryRun) {
        CostEstimate estimate = services.engine().estimate(decision, session.evaluation(), options.build());
        return dryRunAnswer(session, scope, judge, estimate, budget);
      }
      RunningEvaluation run;
      try {
        run = services.engine().start(decision, session.evaluation(), options.build());
      } catch (IllegalArgumentException e) {
        throw new ToolInputException(e.getMessage(), "Use max_calls instead, or give the model's price to the server (DECISION_MATRIX_PRICES or --prices).");
      }
      // Registered until the judgments are merged and the journal is closed, so a shutdown that
      // cancels the evaluation waits for its judgments to be kept before it closes the store.
      RunningEvaluations.Registration registration = services.running().register(ctx.requestKey(), run);
      try {
        finished = await(run);
        try {
          updated = services.sessions(ctx).apply(id, SessionCommand.merge(finished)).after();
        } catch (dev.decisionmatrix.store.DecisionStoreException e) {
          if (e instanceof dev.decisionmatrix.store.StoreUnavailableException) {
            throw e;
          }
          // A full disk or a read-only directory: the judgments are paid for and kept in the judgment
          // cache (and the journal, where it could be written), so asking again costs nothing.
          LOG.log(System.Logger.Level.WARNING, "evaluate_options: the evaluation of session " + id + " could not be saved: " + e.getMessage(), e);
          int judged = finished.counts().scored() + finished.counts().abstained();
          throw new ToolInputException(
              "the evaluation judged " + judged + " cell(s) but the session could not be saved (the server's log has the file and the"
                  + " cause); the session is unchanged and the judgments are kept in the judgment cache",
              "Free space in the data directory (DECISION_MATRIX_DATA_DIR) or make it writable, then call evaluate_options again:"
                  + " the judgments already made are answered from the cache without new model calls.");
        }
        journal.complete();
        journal.close(); // closing twice does nothing

      } finally {
        registration.close();
      }
    }
    SessionCosts.Total sessionTotal = sessionCosts.add(id, finished.stats().cost(), finished.stats().calls());
    return answer(updated, scope, judge, collector.cells(), finished.stats(), sessionTotal);
  }

  private static Budget budget(Arguments args) {
    Double maxCost = args.number("max_cost", 0, 1e9);
    Double maxCalls = args.number("max_calls", 1, 1e12);
    if (maxCost != null && maxCost <= 0) {
      throw new ToolInputException("argument \"max_cost\" is " + maxCost + " but must be more than 0 dollars",
          "Pass the most US dollars to spend, e.g. 0.50, or leave it out for no limit.");
    }
    if (maxCalls != null && maxCalls != Math.rint(maxCalls)) {
      throw new ToolInputException("argument \"max_calls\" is " + maxCalls + " but must be a whole number", "Pass a whole number of calls, at least 1.");
    }
    return new Budget(maxCalls == null ? null : maxCalls.longValue(), maxCost);
  }

  private ToolResult dryRunAnswer(Session session, Scope scope, String judge, CostEstimate estimate, Budget budget) {
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.put("scope", scope.name().toLowerCase(Locale.ROOT));
    out.put("judge", judge);
    out.put("dry_run", true);
    out.put("cells", List.of());
    out.put("counts", Describe.countsMap(session.evaluation()));
    out.put("stats", statsMap(EvaluationStats.NONE));
    out.put("estimate", CostAnswers.estimateMap(estimate, budget));
    out.put("session_cost", CostAnswers.sessionMap(sessionCosts.of(session.id())));
    List<String> steps = new ArrayList<>();
    String budgetNote = CostAnswers.budgetNote(estimate, budget);
    if (budgetNote != null) {
      steps.add("The budget is smaller than the estimate: " + budgetNote + "; the cells it leaves out stay missing.");
    }
    if (!estimate.cost().isKnown()) {
      steps.add("No price is known for " + String.join(", ", estimate.cost().unpricedModels())
          + "; give it to the server with DECISION_MATRIX_PRICES (e.g. my-model=0.15/0.60, dollars per million input/output tokens).");
    }
    steps.add(estimate.calls() == 0
        ? "Nothing would be called: call get_decision_matrix to see the results."
        : "Call evaluate_options without dry_run to judge (optionally with max_cost or max_calls).");
    out.put("next_steps", steps);
    String text = "Dry run for session " + session.id() + " with " + judge + " (scope " + scope.name().toLowerCase(Locale.ROOT) + "): "
        + estimate.cells() + " cells to judge, " + estimate.summary()
        + ". Estimates count input tokens from the prompts and output tokens from the model's average answer; retries and re-asks are not foreseen."
        + Describe.nextSteps(steps);
    return ToolResult.ok(text, out);
  }

  private static Evaluation await(RunningEvaluation run) {
    try {
      return run.result().get();
    } catch (InterruptedException e) {
      run.cancel();
      Thread.currentThread().interrupt();
      return run.result().join();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the evaluation failed unexpectedly: " + e.getCause(), e.getCause());
    }
  }

  private static Scope scope(String text) {
    if (text == null || text.isBlank()) {
      return Scope.MISSING;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "missing" -> Scope.MISSING;
      case "failed" -> Scope.FAILED;
      case "all" -> Scope.ALL;
      default -> throw new ToolInputException(
          "argument \"scope\" is \"" + Arguments.shorten(text) + "\" but must be \"missing\", \"failed\" or \"all\"",
          "Use \"missing\" (default) for cells without a judgment, \"failed\" to retry failed cells, \"all\" to judge everything again.");
    };
  }

  private ToolResult answer(
      Session session, Scope scope, String judge, List<CellResult> cells, EvaluationStats stats, SessionCosts.Total sessionTotal) {
    Evaluation.Counts counts = session.evaluation().counts();
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.put("scope", scope.name().toLowerCase(Locale.ROOT));
    out.put("judge", judge);
    List<Map<String, Object>> cellMaps = new ArrayList<>(cells.size());
    int scored = 0;
    int abstained = 0;
    int failed = 0;
    Map<LlmErrorKind, Integer> failures = new EnumMap<>(LlmErrorKind.class);
    for (CellResult c : cells) {
      Map<String, Object> m = JsonMaps.map();
      m.put("option", c.option());
      m.put("criterion", c.criterion());
      m.putAll(Describe.judgmentMap(c.judgment()));
      m.put("source", c.source().name().toLowerCase(Locale.ROOT));
      m.put("latency_ms", c.latency().toMillis());
      cellMaps.add(m);
      switch (c.judgment()) {
        case Judgment.Scored s -> scored++;
        case Judgment.Measured v -> scored++;
        case Judgment.Abstained a -> abstained++;
        case Judgment.Failed f -> {
          failed++;
          failures.merge(f.kind(), 1, Integer::sum);
        }
      }
    }
    out.put("cells", cellMaps);
    out.put("counts", Describe.countsMap(session.evaluation()));
    out.put("stats", statsMap(stats));
    out.put("cost", CostAnswers.evaluationCostMap(stats.cost()));
    out.put("session_cost", CostAnswers.sessionMap(sessionTotal));

    List<String> steps = new ArrayList<>();
    if (stats.cancelled()) {
      steps.add("The evaluation was cancelled or ran past its deadline; the cells judged so far were kept. Call evaluate_options again to judge the rest.");
    }
    if (failed > 0) {
      LlmErrorKind worst = failures.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      steps.add(failed + (failed == 1 ? " cell" : " cells") + " failed (" + describeFailures(failures) + "). " + LlmBackend.hintFor(worst)
          + " Then call evaluate_options with scope \"failed\" to retry only those cells; failed cells never count as abstentions.");
    }
    if (stats.cost().stoppedByBudget()) {
      steps.add("Stopped by the budget: " + stats.cost().budgetStop()
          + ". What was judged is kept; call evaluate_options again (with a larger max_cost or max_calls, or none) to judge the rest.");
    } else if (counts.missing() > 0 && !stats.cancelled()) {
      steps.add(counts.missing() + " cells are still not judged; call evaluate_options with scope \"missing\".");
    }
    steps.add("Call get_decision_matrix to see the scores, ranking and recommendation.");
    out.put("next_steps", steps);

    StringBuilder text = new StringBuilder();
    if (cells.isEmpty() && !stats.cancelled()) {
      text.append("Nothing to judge in session ").append(session.id()).append(" (scope ").append(scope.name().toLowerCase(Locale.ROOT))
          .append("): all ").append(counts.total()).append(" cells already have judgments. Use scope \"all\" to judge every cell again.");
    } else {
      text.append("Judged ").append(cells.size()).append(cells.size() == 1 ? " cell" : " cells").append(" of session ").append(session.id())
          .append(" with ").append(judge).append(" in ").append(seconds(stats.wallTime().toMillis())).append(": ")
          .append(scored).append(" scored, ").append(abstained).append(" abstained, ").append(failed).append(" failed")
          .append(stats.cancelled() ? " (cancelled)" : "").append(".\n");
      if (stats.cancelled() && stats.cellsJudged() > cells.size()) {
        int open = stats.cellsJudged() - cells.size();
        text.append("Cancelled before ").append(open).append(open == 1 ? " cell was" : " cells were")
            .append(" judged; they are marked failed (cancelled) and the next evaluate_options judges them.\n");
      }
      text.append("Backend calls: ").append(stats.calls()).append(" (").append(stats.retries()).append(" retries, ").append(stats.reasks())
          .append(" re-asks); cache hits: ").append(stats.cacheHits()).append("; tokens in/out: ").append(stats.usage().inputTokens())
          .append('/').append(stats.usage().outputTokens()).append(".\n")
          .append("Cost: ").append(stats.cost().spent().describe()).append("; saved by cache hits: about ").append(stats.cost().saved().describe())
          .append("; this session since the server started: ").append(sessionTotal.spent().describe()).append(" over ")
          .append(sessionTotal.evaluations()).append(sessionTotal.evaluations() == 1 ? " evaluation" : " evaluations").append(".\n\nResults:");
      int shown = 0;
      for (CellResult c : cells) {
        if (shown++ == MAX_CELLS_IN_TEXT) {
          text.append("\n- \u2026 and ").append(cells.size() - MAX_CELLS_IN_TEXT).append(" more (all are in the structured result and in get_decision_matrix)");
          break;
        }
        text.append("\n- ").append(c.option()).append(" x ").append(c.criterion()).append(": ").append(Describe.judgment(c.judgment()));
      }
    }
    text.append("\n\nWhole matrix: ").append(counts.scored()).append(" scored, ").append(counts.abstained()).append(" abstained, ")
        .append(counts.failed()).append(" failed, ").append(counts.missing()).append(" not judged, of ").append(counts.total()).append(" cells.");
    text.append(Describe.nextSteps(steps));
    return ToolResult.ok(text.toString(), out);
  }

  private static String describeFailures(Map<LlmErrorKind, Integer> failures) {
    List<String> parts = new ArrayList<>();
    failures.forEach((kind, n) -> parts.add(n + " " + Describe.kind(kind)));
    return String.join(", ", parts);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static Map<String, Object> statsMap(EvaluationStats stats) {
    Map<String, Object> m = JsonMaps.map();
    m.put("cells_judged", stats.cellsJudged());
    m.put("calls", stats.calls());
    m.put("retries", stats.retries());
    m.put("hedges", stats.hedges());
    m.put("reasks", stats.reasks());
    m.put("cache_hits", stats.cacheHits());
    m.put("cache_misses", stats.cacheMisses());
    m.put("shared_calls", stats.sharedCalls());
    m.put("failed", stats.failed());
    m.put("tokens_in", stats.usage().inputTokens());
    m.put("tokens_out", stats.usage().outputTokens());
    m.put("wall_time_ms", stats.wallTime().toMillis());
    m.put("cancelled", stats.cancelled());
    return m;
  }

  /** Collects cell results and turns them into progress and log notifications. */
  private static final class Collector implements EvaluationListener {
    private final ToolContext ctx;
    private final ConcurrentLinkedQueue<CellResult> cells = new ConcurrentLinkedQueue<>();

    Collector(ToolContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void onCell(CellResult cell, Progress progress) {
      cells.add(cell);
      if (cell.judgment() instanceof Judgment.Failed f) {
        ctx.log(
            McpSchema.LoggingLevel.WARNING,
            "Could not judge " + cell.option() + " x " + cell.criterion() + ": " + Describe.kind(f.kind()) + " after " + f.attempts()
                + (f.attempts() == 1 ? " attempt: " : " attempts: ") + f.message());
      }
      if (ctx.wantsProgress()) {
        ctx.progress(
            progress.done(), progress.total(), "Judged " + cell.option() + " x " + cell.criterion() + ": " + Describe.brief(cell.judgment()));
      }
    }

    @Override
    public void onRetry(RetryEvent event) {
      ctx.log(
          McpSchema.LoggingLevel.NOTICE,
          "Retrying " + event.option() + " x " + event.criterion() + " on " + event.backend() + " after " + Describe.kind(event.kind())
              + " (" + event.message() + "); attempt " + (event.failedAttempts() + 1) + " in " + event.delay().toMillis() + " ms");
    }

    List<CellResult> cells() {
      return List.copyOf(cells);
    }
  }
}
