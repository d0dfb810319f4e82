package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Decision;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Self-consistency early stop: a cell whose first two samples agree costs two calls, not k. */
class EngineEarlyStopTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, AtomicInteger> callsPerCell = new ConcurrentHashMap<>();

  /** Every cell answers the same score on every call, except cells of "Option 1", which waver. */
  private final LlmBackend mostlySteady = request -> {
    calls.incrementAndGet();
    String cell = Fixtures.option(request) + "|" + Fixtures.criterion(request);
    int n = callsPerCell.computeIfAbsent(cell, k -> new AtomicInteger()).getAndIncrement();
    double score = Fixtures.option(request).equals("Option 1") ? 2 + n : Fixtures.score(request);
    return answer(score);
  };

  private static ChatResponse answer(double score) {
    return new ChatResponse("{\"score\": " + score + ", \"reasoning\": \"because\", \"confidence\": 0.8}", new TokenUsage(100, 20), "fake");
  }

  private Evaluation evaluate(LlmBackend backend, Decision d, EvaluationOptions options) {
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      return engine.evaluate(d, null, options);
    }
  }

  @Test
  void withoutEarlyStopEveryCellCostsEverySample() {
    evaluate(mostlySteady, Fixtures.decision(4, 3), EvaluationOptions.builder().samples(5).build());
    assertThat(calls.get()).isEqualTo(4 * 3 * 5);
  }

  @Test
  void agreeingCellsStopAfterTwoSamplesAndWaveringCellsGetAllOfThem() {
    Evaluation e = evaluate(mostlySteady, Fixtures.decision(4, 3), EvaluationOptions.builder().samples(5).earlyStop(EarlyStop.IDENTICAL).build());
    // 3 steady options x 3 criteria x 2 samples + 1 wavering option x 3 criteria x 5 samples
    assertThat(calls.get()).isEqualTo(3 * 3 * 2 + 3 * 5);
    Judgment.Scored steady = (Judgment.Scored) e.judgment(0, 0);
    assertThat(steady.samples()).isEqualTo(2);
    assertThat(steady.spread()).isZero();
    Judgment.Scored wavering = (Judgment.Scored) e.judgment(1, 0);
    assertThat(wavering.samples()).isEqualTo(5);
    assertThat(wavering.score()).isEqualTo(4); // median of 2..6
    assertThat(wavering.spread()).isEqualTo(4);
    assertThat(e.isComplete()).isTrue();
  }

  @Test
  void aToleranceLetsCloseScoresCountAsAgreement() {
    // the wavering option's first two scores are 2 and 3: one point apart
    evaluate(mostlySteady, Fixtures.decision(4, 3), EvaluationOptions.builder().samples(5).earlyStop(new EarlyStop(1)).build());
    assertThat(calls.get()).isEqualTo(4 * 3 * 2);
  }

  @Test
  void withRandomJudgesTheCallCountIsTwoPerAgreeingCellAndKPerOtherCell() {
    Random random = new Random(42);
    for (int trial = 0; trial < 20; trial++) {
      int k = 3 + random.nextInt(EvaluationOptions.MAX_SAMPLES - 2);
      long seed = random.nextLong();
      Map<String, Boolean> steadyCell = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> perCell = new ConcurrentHashMap<>();
      AtomicInteger count = new AtomicInteger();
      LlmBackend backend = request -> {
        count.incrementAndGet();
        String cell = Fixtures.option(request) + "|" + Fixtures.criterion(request);
        boolean steady = steadyCell.computeIfAbsent(cell, c -> new Random(seed ^ c.hashCode()).nextBoolean());
        int n = perCell.computeIfAbsent(cell, c -> new AtomicInteger()).getAndIncrement();
        return answer(steady ? 7 : 1 + n);
      };
      Decision d = Fixtures.decision(2 + random.nextInt(4), 1 + random.nextInt(3));
      evaluate(backend, d, EvaluationOptions.builder().samples(k).earlyStop(EarlyStop.IDENTICAL).build());
      long steady = steadyCell.values().stream().filter(b -> b).count();
      assertThat(steadyCell).hasSize(d.cellCount());
      assertThat(count.get()).as("trial %d, k %d", trial, k).isEqualTo((int) (steady * 2 + (d.cellCount() - steady) * k));
    }
  }

  @Test
  void anEarlyStopToleranceOutsideTheScaleIsRefused() {
    assertThatThrownBy(() -> new EarlyStop(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 9");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39})
  void askingTheRestOfACellsSamplesUnderFailuresStallsAndCancelsLeavesNothingBehind(long seed) throws Exception {
    // The chaos judge answers each sample's prompt with its own hash-derived score, so first samples
    // mostly disagree and the rest are asked for from completion threads while others still run.
    java.util.SplittableRandom plan = new java.util.SplittableRandom(seed * 31 + 7);
    EngineInterleavingTest.Chaos backend = new EngineInterleavingTest.Chaos(seed);
    DecisionEngine engine = Fixtures.engine(backend)
        .maxConcurrency(1 + plan.nextInt(6))
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(1 + plan.nextInt(3)).withBackoff(java.time.Duration.ofNanos(1), java.time.Duration.ofMillis(1)))
        .build();
    int k = 3 + plan.nextInt(EvaluationOptions.MAX_SAMPLES - 2);
    EvaluationOptions options = EvaluationOptions.builder().samples(k).earlyStop(new EarlyStop(plan.nextInt(3))).build();
    java.util.List<RunningEvaluation> runs = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 1 + plan.nextInt(3); i++) {
        RunningEvaluation run = engine.start(Fixtures.decision(2 + plan.nextInt(3), 1 + plan.nextInt(3)), null, options);
        runs.add(run);
        if (plan.nextInt(4) == 0) {
          backend.hooks.put(1 + plan.nextInt(20), run::cancel);
        }
      }
      for (RunningEvaluation run : runs) {
        Evaluation e = run.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
        for (Evaluation.Cell cell : e.cells()) {
          if (cell.judgment() instanceof Judgment.Scored s) {
            assertThat(s.samples()).as("seed %d", seed).isBetween(1, k);
          }
        }
      }
    } finally {
      engine.close();
    }
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while ((engine.callsInFlight() > 0 || engine.questionsInFlight() > 0 || engine.runningEvaluations() > 0) && System.nanoTime() < until) {
      Thread.onSpinWait(); // interrupted calls return, and completions run, on their own threads
    }
    assertThat(engine.callsInFlight()).as("seed %d: slots held", seed).isZero();
    assertThat(engine.questionsInFlight()).as("seed %d: questions in flight", seed).isZero();
    assertThat(engine.runningEvaluations()).as("seed %d: evaluations running", seed).isZero();
  }
}
