package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random interleavings of batched evaluations, cancels and a close on one engine whose
 * backend answers batched calls out of order, leaves entries out, botches entries, answers with no
 * list at all, fails transiently, throws errors and stalls. Whatever the interleaving: every cell
 * holds its own judgment (never a neighbour's), no slot stays held, no question stays in flight,
 * and no cell is answered twice except after a cancel.
 */
class EngineBatchInterleavingTest {

  private static final Pattern TOPIC = Pattern.compile("<data name=\"topic\">\n(.*?)\n</data>", Pattern.DOTALL);

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.range(0, 200);
  }

  /** A backend whose behaviour per call is drawn from the run's seed. */
  static final class Chaos implements LlmBackend {
    final SplittableRandom random;
    final AtomicInteger calls = new AtomicInteger();
    /** Valid answers given per cell (topic, option, criterion, rubric). */
    final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    final Map<Integer, Runnable> hooks = new ConcurrentHashMap<>();

    Chaos(long seed) {
      this.random = new SplittableRandom(seed);
    }

    private int roll(int bound) {
      synchronized (random) {
        return random.nextInt(bound);
      }
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      Runnable hook = hooks.remove(calls.incrementAndGet());
      if (hook != null) {
        hook.run();
      }
      int roll = roll(100);
      if (roll < 10) {
        throw new LlmException(LlmErrorKind.TRANSIENT, "flaky");
      }
      if (roll < 13) {
        throw new NoClassDefFoundError("an optional dependency is missing");
      }
      if (roll < 17 && request.messages().size() == 1) {
        return new ChatResponse("not json", TokenUsage.ZERO, "chaos");
      }
      if (roll < 40) {
        LockSupport.parkNanos(20_000 + roll(280_000)); // simulated latency, not synchronisation
        if (Thread.currentThread().isInterrupted()) {
          throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
        }
      }
      Matcher topic = TOPIC.matcher(request.messages().getFirst().content());
      String where = (topic.find() ? topic.group(1) : "?") + "|" + BatchJudge.option(request) + "|";
      List<BatchJudge.Asked> asked = BatchJudge.asked(request);
      if (!BatchJudge.isBatch(request)) {
        BatchJudge.Asked only = asked.getFirst();
        answered.computeIfAbsent(where + only, k -> new AtomicInteger()).incrementAndGet();
        return BatchJudge.answer(request);
      }
      List<String> entries = new ArrayList<>();
      for (int i = 0; i < asked.size(); i++) {
        int fate = roll(100);
        if (fate < 8) {
          continue; // left out
        }
        double score = fate < 16 ? 11 + roll(5) : BatchJudge.score(BatchJudge.option(request), asked.get(i));
        if (fate >= 16) {
          answered.computeIfAbsent(where + asked.get(i), k -> new AtomicInteger()).incrementAndGet();
        }
        entries.add(BatchJudge.entry(i + 1, score));
      }
      synchronized (random) {
        Collections.shuffle(entries, new java.util.Random(random.nextLong()));
      }
      return new ChatResponse("{\"judgments\": [" + String.join(", ", entries) + "]}", TokenUsage.ZERO, "chaos");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anyInterleavingOfBatchedEvaluationsLeavesEveryCellItsOwnJudgmentAndNothingHeld(long seed) throws Exception {
    SplittableRandom plan = new SplittableRandom(seed * 6151 + 3);
    Chaos backend = new Chaos(seed);
    DecisionEngine engine = Fixtures.engine(backend)
        .maxConcurrency(1 + plan.nextInt(6))
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(1 + plan.nextInt(3)).withBackoff(Duration.ofNanos(1), Duration.ofMillis(1)))
        .build();
    List<String> topics = List.of("Which database?", "Which queue?");
    List<RunningEvaluation> runs = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    if (plan.nextInt(10) == 0) {
      backend.hooks.put(1 + plan.nextInt(20), engine::close);
    }
    int evaluations = 2 + plan.nextInt(5);
    try {
      for (int i = 0; i < evaluations; i++) {
        Decision d = Fixtures.decision(topics.get(plan.nextInt(topics.size())), 2 + plan.nextInt(3), 2 + plan.nextInt(5));
        if (plan.nextBoolean()) {
          d = d.withCriterionEdited(d.criteria().getFirst().name(), c -> c.toBuilder().rubric("edited").build());
        }
        EvaluationOptions options = EvaluationOptions.builder().batchCriteria(2 + plan.nextInt(4)).build();
        RunningEvaluation run;
        try {
          run = engine.start(d, null, options);
        } catch (IllegalStateException closed) {
          assertThat(engine.isClosed()).isTrue();
          break;
        }
        runs.add(run);
        decisions.add(d);
        if (plan.nextInt(3) == 0) {
          if (plan.nextBoolean()) {
            run.cancel();
          } else {
            backend.hooks.put(backend.calls.get() + 1 + plan.nextInt(10), run::cancel);
          }
        }
        if (plan.nextInt(4) == 0) {
          run.result().get(30, TimeUnit.SECONDS);
        }
      }
      for (int i = 0; i < runs.size(); i++) {
        Evaluation result = runs.get(i).result().get(30, TimeUnit.SECONDS);
        Decision d = decisions.get(i);
        for (int o = 0; o < d.options().size(); o++) {
          for (int c = 0; c < d.criteria().size(); c++) {
            if (result.judgment(o, c) instanceof Judgment.Scored s) {
              Criterion criterion = d.criteria().get(c);
              double expected = BatchJudge.score(d.options().get(o).name(), new BatchJudge.Asked(criterion.name(), criterion.rubric()));
              assertThat(s.score()).as("seed %d: cell %d,%d holds its own judgment", seed, o, c).isEqualTo(expected);
            }
          }
        }
        if (!result.stats().cancelled() && !engine.isClosed()) {
          assertThat(result.counts().missing()).as("seed %d: a finished evaluation leaves no cell unjudged", seed).isZero();
        }
      }
    } finally {
      engine.close();
    }
    Fixtures.assertNothingHeld(engine, seed);
    int cancels = (int) runs.stream().filter(r -> r.result().join().stats().cancelled()).count();
    backend.answered.forEach((cell, n) ->
        assertThat(n.get()).as("seed %d: valid answers for %s with %d cancels", seed, cell, cancels).isBetween(1, 1 + cancels));
  }

}
