package dev.decisionmatrix.engine;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cost.Budget;
import dev.decisionmatrix.cost.CostEstimate;
import dev.decisionmatrix.cost.ModelUsage;
import dev.decisionmatrix.judge.BatchPrompt;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The money side of the engine: estimates before an evaluation, the budget check before each call,
 * what each call cost after it, and what cache hits saved.
 */
final class CostPlan {

  /** The cache misses of one option, sample and judge, which batched calls ask together. */
  private record Misses(Option option, int sample, List<JudgeTarget> targets) {}

  /** A call let through by its payer's budget, with the dollars reserved for it. */
  record Admission(@Nullable EvaluationRun run, double reservedUsd) {}


  private CostPlan() {}

  /** Refuses a dollar budget for an evaluation that uses a model without a price. */
  static void checkBudget(EngineContext ctx, JudgeTarget[] targets, Budget budget) {
    if (budget.maxCostUsd() == null) {
      return;
    }
    for (JudgeTarget t : targets) {
      if (ctx.prices.priceOf(t.backendId(), t.model()).isEmpty()) {
        throw new IllegalArgumentException(
            "a cost budget needs a price for every model the evaluation uses, but " + t.backendId() + "/" + UsageLedger.modelOf(t)
                + " has none; give its price (DecisionEngine.Builder.prices, or DECISION_MATRIX_PRICES for the server) or limit calls instead");
      }
    }
  }

  /** Builds the request the engine sends first for one sample of one cell. */
  static ChatRequest firstRequest(EngineContext ctx, String topic, JudgeTarget target, Option option, int sample) {
    String user = JudgePrompt.user(topic, target.criterion(), option, sample);
    return new ChatRequest(JudgePrompt.system(), List.of(ChatMessage.user(user)), target.model(), target.temperature(), ctx.maxTokens,
        JudgePrompt.SCHEMA);
  }

  /** Builds the batched request for one sample of an option on several criteria of one judge (for estimates). */
  static ChatRequest batchRequest(EngineContext ctx, String topic, List<JudgeTarget> targets, Option option, int sample) {
    List<dev.decisionmatrix.model.Criterion> criteria = new ArrayList<>(targets.size());
    for (JudgeTarget t : targets) {
      criteria.add(t.criterion());
    }
    JudgeTarget first = targets.getFirst();
    return new ChatRequest(BatchPrompt.system(), List.of(ChatMessage.user(BatchPrompt.user(topic, option, criteria, sample))), first.model(),
        first.temperature(), SharedCall.batchMaxTokens(ctx, targets.size()), BatchPrompt.SCHEMA);
  }

  static TokenUsage expectedUsage(EngineContext ctx, JudgeTarget target, ChatRequest request) {
    return expectedUsage(ctx, target, request, 1);
  }

  static TokenUsage expectedUsage(EngineContext ctx, JudgeTarget target, ChatRequest request, int cells) {
    return ctx.tokenEstimates.estimate(target.backendId(), UsageLedger.modelOf(target), request, cells);
  }

  /**
   * Asks the budget of the evaluation that would pay for the call. A refusing evaluation gives up
   * its cells waiting on the call, so another evaluation waiting for the same question may pay; when
   * none is left the call is not made.
   *
   * @throws LlmException of kind {@link LlmErrorKind#CANCELLED} when no waiting evaluation may pay
   */
  static Admission admit(EngineContext ctx, SharedCall call, JudgeTarget target, ChatRequest request, int cells) {
    EvaluationRun refused = null;
    while (true) {
      EvaluationRun run = call.payer();
      if (run == null) {
        // Nobody waits any more (every waiter left after the call started): nobody may pay, so the
        // call is not made, whatever else it was still doing.
        throw new LlmException(LlmErrorKind.CANCELLED, refused != null
            ? "the evaluation's budget was reached before this call"
            : "every evaluation waiting for this call was cancelled");
      }
      if (run == refused) {
        throw new LlmException(LlmErrorKind.CANCELLED, "the evaluation's budget was reached before this call");
      }
      double estimate = run.hasCostBudget()
          ? UsageLedger.cost(ctx.prices, target.backendId(), UsageLedger.modelOf(target), expectedUsage(ctx, target, request, cells)).usd()
          : 0;
      if (run.admitCall(call.cellOf(run), estimate)) {
        return new Admission(run, estimate);
      }
      refused = run;
    }
  }

  /** Books a call's tokens to its payer and to the engine's averages, and settles the budget. */
  static void settle(EngineContext ctx, Admission admission, JudgeTarget target, @Nullable ChatResponse response, int cells) {
    TokenUsage usage = response == null ? TokenUsage.ZERO : response.usage();
    String model = UsageLedger.modelOf(target);
    EvaluationRun run = admission.run();
    if (run != null) {
      run.spent.add(target.backendId(), model, 1, usage);
      run.settleCall(admission.reservedUsd(), UsageLedger.cost(ctx.prices, target.backendId(), model, usage).usd());
    }
    ctx.tokenEstimates.record(target.backendId(), model, usage, cells);
  }

  /** Books what a cache hit saved: the tokens its call would have taken. */
  static void recordSaving(EngineContext ctx, EvaluationRun run, JudgeTarget target, Option option, int sample) {
    TokenUsage usage = expectedUsage(ctx, target, firstRequest(ctx, run.decision().topic(), target, option, sample));
    run.saved.add(target.backendId(), UsageLedger.modelOf(target), 0, usage);
  }

  /** Works out an evaluation's calls, tokens and cost without calling any model. */
  static CostEstimate estimate(EngineContext ctx, Evaluation start, EvaluationOptions options, JudgeTarget[] targets, int[] scope) {
    Decision decision = start.decision();
    int cols = decision.criteria().size();
    boolean readCache = options.scope() != Scope.ALL;
    UsageLedger ledger = new UsageLedger();
    for (JudgeTarget t : targets) {
      ledger.add(t.backendId(), UsageLedger.modelOf(t), 0, TokenUsage.ZERO); // every model listed, in criteria order
    }
    long calls = 0;
    long hits = 0;
    TokenUsage tokens = TokenUsage.ZERO;
    // In the batched mode, the misses of one option, sample and judge share calls of up to batchCriteria cells.
    Map<String, Misses> batches = new LinkedHashMap<>();
    for (int cell : scope) {
      Option option = decision.options().get(cell / cols);
      JudgeTarget target = targets[cell % cols];
      for (int sample = 0; sample < options.samples(); sample++) {
        boolean batched = options.batched() && sample < options.firstRoundSamples();
        CacheKey key = EvaluationRun.keyOf(ctx, decision, option, target, sample, options.batched());
        if (readCache && (ctx.cacheGet(key) != null
            || options.batched() && ctx.cacheGet(EvaluationRun.keyOf(ctx, decision, option, target, sample, false)) != null)) {
          hits++;
          continue;
        }
        if (batched) {
          int sampleIndex = sample;
          batches.computeIfAbsent(BatchGroup.idOf(cell / cols, sample, target), k -> new Misses(option, sampleIndex, new ArrayList<>())).targets().add(target);
          continue;
        }
        TokenUsage usage = expectedUsage(ctx, target, firstRequest(ctx, decision.topic(), target, option, sample));
        calls++;
        tokens = tokens.plus(usage);
        ledger.add(target.backendId(), UsageLedger.modelOf(target), 1, usage);
      }
    }
    for (Misses batch : batches.values()) {
      List<JudgeTarget> group = batch.targets();
      for (int from = 0; from < group.size(); from += options.batchCriteria()) {
        List<JudgeTarget> chunk = group.subList(from, Math.min(group.size(), from + options.batchCriteria()));
        JudgeTarget first = chunk.getFirst();
        TokenUsage usage = chunk.size() == 1
            ? expectedUsage(ctx, first, firstRequest(ctx, decision.topic(), first, batch.option(), batch.sample()))
            : expectedUsage(ctx, first, batchRequest(ctx, decision.topic(), chunk, batch.option(), batch.sample()), chunk.size());
        calls++;
        tokens = tokens.plus(usage);
        ledger.add(first.backendId(), UsageLedger.modelOf(first), 1, usage);
      }
    }
    List<ModelUsage> byModel = ledger.usages(ctx.prices);
    return new CostEstimate(scope.length, calls, hits, tokens, UsageLedger.total(byModel), byModel);
  }
}
