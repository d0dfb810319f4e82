package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Decision;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HedgingTest {

  /** Hedge after the p95 of 20 warm-up calls; every warm-up call takes 5 ms on the injected clock. */
  private static final HedgePolicy POLICY = new HedgePolicy(0.95, 0.5, 20, Duration.ZERO);

  /**
   * A backend that answers warm-up topics at once (advancing the injected clock by 5 ms per call)
   * and hands every call on the slow topic to a behaviour chosen by the copy's number.
   */
  static final class Scripted implements LlmBackend {
    final AtomicLong now = new AtomicLong();
    final AtomicInteger slowCalls = new AtomicInteger();
    final Map<Integer, Function<ChatRequest, ChatResponse>> copies = new ConcurrentHashMap<>();
    final boolean hedgeable;

    Scripted(boolean hedgeable) {
      this.hedgeable = hedgeable;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      if (!request.messages().getFirst().content().contains("slow question")) {
        now.addAndGet(Duration.ofMillis(5).toNanos());
        return Fixtures.answer(request);
      }
      int copy = slowCalls.incrementAndGet();
      return copies.getOrDefault(copy, Fixtures::answer).apply(request);
    }

    @Override
    public boolean hedgeable() {
      return hedgeable;
    }
  }

  /** Blocks until interrupted, counting the interrupt down, then fails as cancelled. */
  static Function<ChatRequest, ChatResponse> hangUntilInterrupted(CountDownLatch interrupted) {
    return request -> {
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
    };
  }

  private static DecisionEngine.Builder engine(Scripted backend) {
    return Fixtures.engine(backend).ticker(backend.now::get).hedging(POLICY).adaptiveTimeout(null)
        .callTimeout(Duration.ofMinutes(1)).retryPolicy(RetryPolicy.none());
  }

  private static void warmUp(DecisionEngine engine) {
    assertThat(engine.evaluate(Fixtures.decision(5, 4)).counts().scored()).isEqualTo(20);
  }

  private static Decision slow() {
    return Fixtures.decision(1, 1).withTopic("The slow question");
  }

  private static void awaitNoCallInFlight(DecisionEngine engine) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (engine.callsInFlight() > 0 && System.nanoTime() < until) {
      Thread.onSpinWait(); // a cancelled copy gives its slot back on its own thread
    }
    assertThat(engine.callsInFlight()).as("slots still held").isZero();
  }

  @Test
  void aCallSlowerThanTheObservedP95GetsASecondCopyWhoseAnswerWinsAndTheFirstCopyIsCancelled() throws Exception {
    Scripted backend = new Scripted(true);
    CountDownLatch firstInterrupted = new CountDownLatch(1);
    backend.copies.put(1, hangUntilInterrupted(firstInterrupted));
    try (DecisionEngine engine = engine(backend).build()) {
      warmUp(engine);
      int limitBefore = engine.concurrencyLimit(engine.defaultBackend().id());

      Evaluation evaluation = engine.evaluate(slow());

      assertThat(evaluation.judgment("Option 0", "Criterion 0")).isInstanceOf(Judgment.Scored.class);
      assertThat(firstInterrupted.await(30, TimeUnit.SECONDS)).as("the first copy was interrupted").isTrue();
      assertThat(backend.slowCalls.get()).isEqualTo(2);
      assertThat(evaluation.stats().calls()).as("both copies count as calls").isEqualTo(2);
      assertThat(evaluation.stats().hedges()).isEqualTo(1);
      assertThat(evaluation.stats().failed()).isZero();
      assertThat(evaluation.stats().usage()).as("tokens of the answer that won").isEqualTo(new TokenUsage(100, 20));
      awaitNoCallInFlight(engine);
      assertThat(engine.concurrencyLimit(engine.defaultBackend().id())).as("a cancelled copy is no failure").isGreaterThanOrEqualTo(limitBefore);
    }
  }

  @Test
  void whenTheFirstCopyAnswersWhileTheHedgeRunsTheHedgeIsCancelledAndCountsAsNoFailure() throws Exception {
    Scripted backend = new Scripted(true);
    CountDownLatch hedgeStarted = new CountDownLatch(1);
    CountDownLatch hedgeInterrupted = new CountDownLatch(1);
    backend.copies.put(1, request -> {
      try {
        hedgeStarted.await(); // answers only once the hedge runs
      } catch (InterruptedException e) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return Fixtures.answer(request);
    });
    backend.copies.put(2, request -> {
      hedgeStarted.countDown();
      return hangUntilInterrupted(hedgeInterrupted).apply(request);
    });
    try (DecisionEngine engine = engine(backend).build()) {
      warmUp(engine);

      Evaluation evaluation = engine.evaluate(slow());

      assertThat(evaluation.judgment("Option 0", "Criterion 0")).isInstanceOf(Judgment.Scored.class);
      assertThat(hedgeInterrupted.await(30, TimeUnit.SECONDS)).as("the losing hedge was interrupted").isTrue();
      assertThat(evaluation.stats().calls()).isEqualTo(2);
      assertThat(evaluation.stats().hedges()).isEqualTo(1);
      assertThat(evaluation.stats().failed()).isZero();
      awaitNoCallInFlight(engine);
    }
  }

  @Test
  void aFirstCopyThatFailsWhileTheHedgeRunsWaitsForTheHedgesAnswer() {
    Scripted backend = new Scripted(true);
    CountDownLatch hedgeStarted = new CountDownLatch(1);
    CountDownLatch firstFailed = new CountDownLatch(1);
    backend.copies.put(1, request -> {
      try {
        hedgeStarted.await();
      } catch (InterruptedException e) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      firstFailed.countDown();
      throw new LlmException(LlmErrorKind.TRANSIENT, "connection reset");
    });
    backend.copies.put(2, request -> {
      hedgeStarted.countDown();
      try {
        firstFailed.await(); // answers after the first copy failed
      } catch (InterruptedException e) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return Fixtures.answer(request);
    });
    try (DecisionEngine engine = engine(backend).build()) {
      warmUp(engine);

      Evaluation evaluation = engine.evaluate(slow());

      assertThat(evaluation.judgment("Option 0", "Criterion 0")).isInstanceOf(Judgment.Scored.class);
      assertThat(evaluation.stats().calls()).isEqualTo(2);
      assertThat(evaluation.stats().retries()).as("the hedge answered, so nothing was retried").isZero();
      awaitNoCallInFlight(engine);
    }
  }

  @Test
  void aBackendThatIsNotHedgeableNeverGetsASecondCopy() {
    Scripted backend = new Scripted(false);
    CountDownLatch interrupted = new CountDownLatch(1);
    backend.copies.put(1, hangUntilInterrupted(interrupted));
    try (DecisionEngine engine = engine(backend).callTimeout(Duration.ofMillis(300)).build()) {
      warmUp(engine);

      Evaluation evaluation = engine.evaluate(slow());

      assertThat(evaluation.judgment("Option 0", "Criterion 0")).isInstanceOfSatisfying(Judgment.Failed.class,
          f -> assertThat(f.kind()).isEqualTo(LlmErrorKind.TIMEOUT));
      assertThat(backend.slowCalls.get()).isEqualTo(1);
      assertThat(evaluation.stats().hedges()).isZero();
    }
  }

  @Test
  void hedgesAreCappedToTheirShareOfTheCallsStarted() {
    HedgeBudget budget = new HedgeBudget();
    assertThat(budget.tryAcquire(0.1)).as("no call yet, no hedge").isFalse();
    for (int i = 0; i < 20; i++) {
      budget.onCall();
    }
    assertThat(budget.tryAcquire(0.1)).isTrue();
    assertThat(budget.tryAcquire(0.1)).isTrue();
    assertThat(budget.tryAcquire(0.1)).as("the third hedge in 20 calls is over 10 %").isFalse();
    budget.refund();
    assertThat(budget.tryAcquire(0.1)).as("a hedge not sent is given back").isTrue();
    assertThat(budget.hedges()).isEqualTo(2);
  }

  @Test
  void withHedgingOffASlowCallIsNeverCopied() {
    Scripted backend = new Scripted(true);
    CountDownLatch interrupted = new CountDownLatch(1);
    backend.copies.put(1, hangUntilInterrupted(interrupted));
    try (DecisionEngine engine = engine(backend).hedging(null).callTimeout(Duration.ofMillis(300)).build()) {
      warmUp(engine);
      Evaluation evaluation = engine.evaluate(slow());
      assertThat(backend.slowCalls.get()).isEqualTo(1);
      assertThat(evaluation.stats().hedges()).isZero();
    }
  }

  @Test
  void aPolicyOutOfRangeIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> new HedgePolicy(1, 0.1, 20, Duration.ZERO)).hasMessageContaining("quantile");
    assertThatThrownBy(() -> new HedgePolicy(0.95, 0, 20, Duration.ZERO)).hasMessageContaining("maxShare");
    assertThatThrownBy(() -> new HedgePolicy(0.95, 0.1, 0, Duration.ZERO)).hasMessageContaining("minSamples");
    assertThatThrownBy(() -> new HedgePolicy(0.95, 0.1, 20, Duration.ofMillis(-1))).hasMessageContaining("minDelay");
  }

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.range(0, 60);
  }

  /**
   * Random latencies, hangs that end only when interrupted, transient failures and answers that
   * come late, with hedging on for every call: each cell gets its own question's answer (never
   * another copy's), every slot is given back, the calls counted are the calls the backend saw, and
   * a cancelled copy never turns into a failed cell.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void underAnyInterleavingOfCopiesEachCellGetsOneAnswerOfItsOwnAndNoSlotLeaks(long seed) {
    SplittableRandom plan = new SplittableRandom(seed);
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger transientFailures = new AtomicInteger();
    LlmBackend chaos = request -> {
      seen.incrementAndGet();
      int roll;
      long stall;
      synchronized (plan) {
        roll = plan.nextInt(100);
        stall = plan.nextLong(10_000, 2_000_000);
      }
      if (roll < 8) {
        transientFailures.incrementAndGet();
        throw new LlmException(LlmErrorKind.TRANSIENT, "flaky");
      }
      if (roll < 25) {
        try {
          new CountDownLatch(1).await(); // a hang: only an interrupt ends it
        } catch (InterruptedException e) {
          throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
        }
      }
      LockSupport.parkNanos(stall); // simulated latency, not synchronisation
      if (Thread.currentThread().isInterrupted()) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      String prompt = request.messages().getFirst().content();
      return new ChatResponse("{\"score\": " + EngineInterleavingTest.expectedScore(prompt) + ", \"reasoning\": \"r\", \"confidence\": 0.5}",
          new TokenUsage(10, 2), "chaos");
    };
    DecisionEngine engine = Fixtures.engine(chaos)
        .maxConcurrency(1 + (int) (seed % 5))
        .hedging(new HedgePolicy(0.5, 1, 3, Duration.ZERO))
        .adaptiveTimeout(new AdaptiveTimeout(0.99, 3, Duration.ofMillis(100), 3))
        .callTimeout(Duration.ofSeconds(2))
        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(3).withBackoff(Duration.ofNanos(1), Duration.ofMillis(1)))
        .build();
    Evaluation result;
    try {
      Decision decision = Fixtures.decision(4, 4).withTopic("Chaos " + seed);
      result = engine.evaluate(decision);
      for (int o = 0; o < 4; o++) {
        for (int c = 0; c < 4; c++) {
          Judgment j = result.judgment(o, c);
          if (j instanceof Judgment.Scored s) {
            String prompt = JudgePrompt.user(decision.topic(), decision.criteria().get(c), decision.options().get(o), 0);
            assertThat(s.score()).as("seed %d: cell %d,%d answers its own prompt", seed, o, c)
                .isEqualTo(EngineInterleavingTest.expectedScore(prompt));
          } else if (j instanceof Judgment.Failed f) {
            assertThat(f.kind()).as("seed %d: a cancelled copy is never a failed cell", seed).isNotEqualTo(LlmErrorKind.CANCELLED);
          }
        }
      }
    } finally {
      engine.close();
    }
    awaitNoCallInFlight(engine);
    assertThat(result.stats().calls()).as("seed %d: every copy the backend saw is counted", seed).isEqualTo(seen.get());
    assertThat(result.stats().hedges()).isLessThanOrEqualTo(result.stats().calls() - result.stats().hedges());
  }
}
