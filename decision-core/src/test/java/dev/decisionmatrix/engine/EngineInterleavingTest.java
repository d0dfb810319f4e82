package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.JudgePrompt;
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
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random interleavings of evaluate, cancel, edit, set_score and close on one shared engine
 * (and, in the second test, one shared session store) whose
 * backend answers, fails transiently, throws errors, answers invalidly and stalls. Whatever the
 * interleaving: no slot stays held, no question stays in flight, nothing waits forever, every
 * judgment a cell holds answers that cell's current prompt, and no question is answered twice.
 */
class EngineInterleavingTest {

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.range(0, 200);
  }

  /** A backend whose behaviour per call is drawn from the run's seed; the score is a hash of the prompt. */
  static final class Chaos implements LlmBackend {
    final SplittableRandom random;
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    final Map<Integer, Runnable> hooks = new ConcurrentHashMap<>();

    Chaos(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      Runnable hook = hooks.remove(calls.incrementAndGet());
      if (hook != null) {
        hook.run(); // cancel or close from inside a call, at a point the seed chose
      }
      int roll;
      long stallNanos;
      synchronized (random) {
        roll = random.nextInt(100);
        stallNanos = random.nextLong(20_000, 300_000);
      }
      String prompt = request.messages().getFirst().content();
      if (roll < 10) {
        throw new LlmException(LlmErrorKind.TRANSIENT, "flaky");
      }
      if (roll < 14) {
        throw new NoClassDefFoundError("an optional dependency is missing");
      }
      if (roll < 18 && request.messages().size() == 1) {
        return new ChatResponse("not json", TokenUsage.ZERO, "chaos");
      }
      if (roll < 40) {
        LockSupport.parkNanos(stallNanos); // simulated latency, not synchronisation
        if (Thread.currentThread().isInterrupted()) {
          throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
        }
      }
      answered.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
      return new ChatResponse("{\"score\": " + expectedScore(prompt) + ", \"reasoning\": \"r\", \"confidence\": 0.5}", TokenUsage.ZERO, "chaos");
    }
  }

  static double expectedScore(String prompt) {
    return 1 + Math.floorMod(prompt.hashCode(), 91) / 10.0;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anyInterleavingLeavesNoSlotNoQuestionAndOnlyCurrentJudgments(long seed) throws Exception {
    SplittableRandom plan = new SplittableRandom(seed * 7919 + 1);
    Chaos backend = new Chaos(seed);
    DecisionEngine engine = Fixtures.engine(backend)
        .maxConcurrency(1 + plan.nextInt(6))
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(1 + plan.nextInt(3)).withBackoff(Duration.ofNanos(1), Duration.ofMillis(1)))
        .build();
    List<String> topics = List.of("Which database?", "Which queue?", "Which cloud?");
    List<RunningEvaluation> runs = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    AtomicReference<Evaluation> previous = new AtomicReference<>();
    boolean closes = plan.nextInt(10) == 0;
    if (closes) {
      backend.hooks.put(1 + plan.nextInt(30), engine::close);
    }
    int evaluations = 2 + plan.nextInt(5);
    try {
      for (int i = 0; i < evaluations; i++) {
        Decision d = Fixtures.decision(topics.get(plan.nextInt(topics.size())), 2 + plan.nextInt(3), 2 + plan.nextInt(2));
        if (plan.nextBoolean()) {
          d = d.withCriterionEdited(d.criteria().getFirst().name(), c -> c.toBuilder().rubric("edited").build());
        }
        Evaluation from = plan.nextInt(3) == 0 ? previous.get() : null;
        RunningEvaluation run;
        try {
          run = engine.start(d, from, null);
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
            backend.hooks.put(1 + plan.nextInt(40), run::cancel);
          }
        }
        if (plan.nextInt(4) == 0) {
          previous.set(run.result().get(30, TimeUnit.SECONDS));
        }
      }
      for (int i = 0; i < runs.size(); i++) {
        Evaluation result = runs.get(i).result().get(30, TimeUnit.SECONDS);
        Decision d = decisions.get(i);
        for (int o = 0; o < d.options().size(); o++) {
          for (int c = 0; c < d.criteria().size(); c++) {
            Judgment j = result.judgment(o, c);
            if (j instanceof Judgment.Scored s && !s.manual()) {
              String prompt = JudgePrompt.user(d.topic(), d.criteria().get(c), d.options().get(o), 0);
              assertThat(s.score()).as("seed %d: cell %d,%d answers its own prompt", seed, o, c).isEqualTo(expectedScore(prompt));
            }
          }
        }
      }
    } finally {
      engine.close();
    }
    Fixtures.assertNothingHeld(engine, seed);
    // A question is answered twice only when a cancel left its call without a waiter while it ran.
    int cancels = (int) runs.stream().filter(r -> {
      try {
        return r.result().get().stats().cancelled();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).count();
    backend.answered.forEach((prompt, n) ->
        assertThat(n.get()).as("seed %d: answers to one question with %d cancels", seed, cancels).isBetween(1, 1 + cancels));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void evaluationsEditsAndHandSetScoresOnOneSessionKeepEveryHandSetScoreAndOnlyCurrentJudgments(long seed) throws Exception {
    SplittableRandom plan = new SplittableRandom(seed * 31 + 17);
    Chaos backend = new Chaos(seed ^ 0x5DEECE66DL);
    DecisionEngine engine = Fixtures.engine(backend)
        .maxConcurrency(1 + plan.nextInt(6))
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(1 + plan.nextInt(3)).withBackoff(Duration.ofNanos(1), Duration.ofMillis(1)))
        .build();
    DecisionStore store = DecisionStore.inMemory();
    String id = store.save(Session.create(Fixtures.decision("Which database?", 3, 3), null, java.time.Instant.now())).id();
    Map<String, Double> manual = new ConcurrentHashMap<>();
    List<java.util.concurrent.CompletableFuture<?>> merges = new ArrayList<>();
    List<RunningEvaluation> runs = new ArrayList<>();
    int nextOption = 3;
    try {
      for (int step = 0; step < 12; step++) {
        Decision d = store.get(id).orElseThrow().decision();
        switch (plan.nextInt(7)) {
          case 0, 1 -> {
            Session s = store.get(id).orElseThrow();
            RunningEvaluation run = engine.start(s.decision(), s.evaluation(), null);
            runs.add(run);
            merges.add(run.result().thenAccept(e -> store.apply(id, SessionCommand.merge(e))));
            if (plan.nextInt(3) == 0) {
              backend.hooks.put(backend.calls.get() + 1 + plan.nextInt(10), run::cancel);
            }
          }
          case 2 -> {
            String o = d.options().get(plan.nextInt(d.options().size())).name();
            String c = d.criteria().get(plan.nextInt(d.criteria().size())).name();
            double score = 1 + plan.nextInt(10);
            store.apply(id, SessionCommand.setScore(o, c, Judgment.Scored.manual(score, "hand")));
            manual.put(o + "|" + c, score);
          }
          case 3 -> store.apply(id, new SessionCommand.EditCriterion(d.criteria().get(plan.nextInt(d.criteria().size())).name(),
              c -> c.toBuilder().rubric("rubric " + plan.nextInt(3)).build()));
          case 4 -> store.apply(id, new SessionCommand.AddOption(Option.of("Option " + nextOption++, "added")));
          case 5 -> {
            if (d.options().size() > 2) {
              String o = d.options().get(plan.nextInt(d.options().size())).name();
              store.apply(id, new SessionCommand.RemoveOption(o));
              manual.keySet().removeIf(k -> k.startsWith(o + "|"));
            }
          }
          default -> store.apply(id, new SessionCommand.SetWeight(d.criteria().getFirst().name(), 1 + plan.nextInt(5)));
        }
      }
      for (var merge : merges) {
        merge.get(30, TimeUnit.SECONDS);
      }
    } finally {
      engine.close();
    }
    Session end = store.get(id).orElseThrow();
    Decision d = end.decision();
    manual.forEach((cell, score) -> {
      String[] names = cell.split("\\|");
      assertThat(end.evaluation().judgment(names[0], names[1]))
          .as("seed %d: the hand-set score of %s", seed, cell)
          .isInstanceOfSatisfying(Judgment.Scored.class, s -> {
            assertThat(s.manual()).isTrue();
            assertThat(s.score()).isEqualTo(score);
          });
    });
    for (int o = 0; o < d.options().size(); o++) {
      for (int c = 0; c < d.criteria().size(); c++) {
        if (end.evaluation().judgment(o, c) instanceof Judgment.Scored s && !s.manual()) {
          String prompt = JudgePrompt.user(d.topic(), d.criteria().get(c), d.options().get(o), 0);
          assertThat(s.score()).as("seed %d: cell %d,%d holds a judgment of its current prompt", seed, o, c).isEqualTo(expectedScore(prompt));
        }
      }
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((engine.callsInFlight() > 0 || engine.questionsInFlight() > 0) && System.nanoTime() < until) {
      Thread.onSpinWait(); // interrupted calls return on their own threads
    }
    assertThat(engine.callsInFlight()).as("seed %d: slots held", seed).isZero();
    assertThat(engine.questionsInFlight()).as("seed %d: questions in flight", seed).isZero();
    int cancels = (int) runs.stream().filter(r -> r.result().join().stats().cancelled()).count();
    backend.answered.forEach((prompt, n) ->
        assertThat(n.get()).as("seed %d: answers to one question with %d cancels", seed, cancels).isBetween(1, 1 + cancels));
  }

}
