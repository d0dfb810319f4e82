package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.model.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineConcurrencyTest {

  /** Counts calls in flight and remembers the most seen at once. */
  static final class Gauge implements LlmBackend {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ChatResponse chat(ChatRequest request) {
      int now = inFlight.incrementAndGet();
      max.accumulateAndGet(now, Math::max);
      calls.incrementAndGet();
      try {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500)); // simulated latency, not synchronisation
        return Fixtures.answer(request);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  @ParameterizedTest(name = "global limit {0}, per-backend limit {1}")
  @CsvSource({"1, 1", "4, 4", "8, 3", "16, 16"})
  void concurrencyLimitIsNeverExceeded(int global, int perBackend) {
    Gauge backend = new Gauge();
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(global).backendConcurrency(perBackend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(20, 10));

      int limit = Math.min(global, perBackend);
      assertThat(evaluation.counts().scored()).isEqualTo(200);
      assertThat(backend.max.get()).isLessThanOrEqualTo(limit);
      assertThat(engine.maxCallsInFlight()).isLessThanOrEqualTo(limit);
      if (limit > 1) {
        assertThat(backend.max.get()).as("calls actually overlap").isGreaterThan(1);
      }
    }
  }

  @Test
  void manyConcurrentEvaluationsShareTheGlobalLimit() throws Exception {
    Gauge backend = new Gauge();
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(6).cache(dev.decisionmatrix.cache.EvaluationCache.none()).build()) {
      List<RunningEvaluation> running = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Decision d = Fixtures.decision(5, 4).withTopic("Decision " + i);
        running.add(engine.start(d, null, EvaluationOptions.defaults()));
      }
      for (RunningEvaluation r : running) {
        assertThat(r.result().get(1, TimeUnit.MINUTES).counts().scored()).isEqualTo(20);
      }
      assertThat(backend.max.get()).isLessThanOrEqualTo(6);
      assertThat(backend.calls.get()).isEqualTo(200);
    }
  }

  @Test
  void aSmallEvaluationIsServedAlongsideALargeOneInsteadOfWaitingBehindIt() throws Exception {
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch bigStarted = new CountDownLatch(1);
    LlmBackend backend =
        request -> {
          started.add(Fixtures.option(request));
          bigStarted.countDown();
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
          return Fixtures.answer(request);
        };
    Decision big = Decision.builder("big").option("Big 0").option("Big 1").option("Big 2").option("Big 3")
        .criterion("A").criterion("B").criterion("C").criterion("D").criterion("E").build();
    Decision bigger = big;
    for (int i = 4; i < 40; i++) {
      bigger = bigger.withOption(dev.decisionmatrix.model.Option.of("Big " + i));
    }
    Decision small = Decision.builder("small").option("Small 0").option("Small 1").criterion("A").criterion("B").build();
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(2).build()) {
      RunningEvaluation large = engine.start(bigger, null, EvaluationOptions.defaults());
      assertThat(bigStarted.await(10, TimeUnit.SECONDS)).isTrue();
      RunningEvaluation quick = engine.start(small, null, EvaluationOptions.defaults());
      quick.result().get(1, TimeUnit.MINUTES);
      assertThat(large.isDone()).as("the large evaluation is still running when the small one is done").isFalse();
      large.result().get(1, TimeUnit.MINUTES);
    }
    List<Integer> smallPositions = new ArrayList<>();
    for (int i = 0; i < started.size(); i++) {
      if (started.get(i).startsWith("Small")) {
        smallPositions.add(i);
      }
    }
    assertThat(smallPositions).hasSize(4);
    // Round-robin: the small evaluation gets every other slot, so its four calls start within a
    // handful of positions rather than after the large evaluation's 200 queued calls.
    assertThat(smallPositions.getLast() - smallPositions.getFirst()).isLessThanOrEqualTo(8);
  }

  @Test
  void twoConcurrentIdenticalEvaluationsMakeEachCallOnce() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(1);
    Map<String, AtomicInteger> callsPerCell = new ConcurrentHashMap<>();
    LlmBackend backend =
        request -> {
          callsPerCell.computeIfAbsent(Fixtures.option(request) + "|" + Fixtures.criterion(request), k -> new AtomicInteger()).incrementAndGet();
          try {
            bothStarted.await();
          } catch (InterruptedException e) {
            throw new LlmException(dev.decisionmatrix.llm.LlmErrorKind.CANCELLED, "interrupted");
          }
          return Fixtures.answer(request);
        };
    Decision decision = Fixtures.decision(4, 3);
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(4).build()) {
      RunningEvaluation first = engine.start(decision, null, EvaluationOptions.defaults());
      RunningEvaluation second = engine.start(decision, null, EvaluationOptions.defaults());
      bothStarted.countDown();
      Evaluation a = first.result().get(1, TimeUnit.MINUTES);
      Evaluation b = second.result().get(1, TimeUnit.MINUTES);

      assertThat(callsPerCell).hasSize(12);
      assertThat(callsPerCell.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      assertThat(a).isEqualTo(b);
      assertThat(a.stats().calls() + b.stats().calls()).isEqualTo(12);
      assertThat(b.stats().sharedCalls() + a.stats().sharedCalls()).isEqualTo(12);
    }
  }

  @Test
  void rateLimitingShrinksTheBackendLimitHonoursRetryAfterAndGrowsBack() throws Exception {
    Duration retryAfter = Duration.ofMillis(40);
    Set<String> rejectedOnce = ConcurrentHashMap.newKeySet();
    Map<String, Long> rejectedAt = new ConcurrentHashMap<>();
    Map<String, Long> retriedAt = new ConcurrentHashMap<>();
    LlmBackend backend =
        request -> {
          String cell = Fixtures.option(request) + "|" + Fixtures.criterion(request);
          if (cell.startsWith("Option 0|") && rejectedOnce.add(cell)) {
            rejectedAt.put(cell, System.nanoTime());
            throw LlmException.rateLimited("slow down", retryAfter);
          }
          if (rejectedAt.containsKey(cell)) {
            retriedAt.putIfAbsent(cell, System.nanoTime());
          }
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(LlmBackend.named("limited", backend)).maxConcurrency(16).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(1, 4));
      assertThat(first.counts().scored()).isEqualTo(4);
      assertThat(first.stats().retries()).isEqualTo(4);
      assertThat(engine.concurrencyLimit("limited")).as("shrunk once for the burst (16 x 0.7)").isEqualTo(11);
      for (String cell : rejectedAt.keySet()) {
        assertThat(retriedAt.get(cell) - rejectedAt.get(cell)).isGreaterThanOrEqualTo(retryAfter.toNanos());
      }

      Evaluation second = engine.evaluate(Fixtures.decision(30, 10).withTopic("another topic"));
      assertThat(second.counts().scored()).isEqualTo(300);
      assertThat(engine.concurrencyLimit("limited")).as("grown back to the configured limit").isEqualTo(16);
    }
  }
}
