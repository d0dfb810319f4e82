package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.model.Decision;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The life of a backend call: one owner per question, shared by every evaluation that asks it,
 * released whatever happens, given up only when nobody waits for it any more.
 */
class EngineCallLifeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  private static Throwable throwable(String kind) {
    return switch (kind) {
      case "NoClassDefFoundError" -> new NoClassDefFoundError("software/amazon/awssdk/core/SdkBytes");
      case "StackOverflowError" -> new StackOverflowError();
      case "OutOfMemoryError" -> new OutOfMemoryError("Java heap space");
      case "IOException" -> new IOException("connection reset (thrown sneakily)");
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"NoClassDefFoundError", "StackOverflowError", "OutOfMemoryError", "IOException"})
  void aBackendThatThrowsAnErrorOrASneakyCheckedExceptionReleasesItsSlotsAndTheNextEvaluationCallsAgain(String kind) throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      calls.incrementAndGet();
      if (broken.get()) {
        sneakyThrow(throwable(kind));
      }
      return Fixtures.answer(request);
    };
    Decision decision = Fixtures.decision(3, 2);
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(2).build()) {
      Evaluation first = engine.start(decision, null, null).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(first.counts().failed()).isEqualTo(6);
      assertThat(first.cells()).allSatisfy(c -> assertThat(c.judgment()).isInstanceOfSatisfying(Judgment.Failed.class,
          f -> assertThat(f.message()).contains(throwable(kind).getClass().getSimpleName())));
      assertThat(engine.callsInFlight()).as("every slot given back").isZero();
      assertThat(calls.get()).isEqualTo(6);

      broken.set(false);
      Evaluation second = engine.start(decision, first, null).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(second.counts().scored()).isEqualTo(6);
      assertThat(calls.get()).as("the same questions were asked again, not waited for").isEqualTo(12);
      assertThat(engine.callsInFlight()).isZero();
    }
  }

  @Test
  void aSmallEvaluationSharingCellsWithABigOneWaitsOnlyForItsOwnLanePosition() throws Exception {
    CountDownLatch firstCallEntered = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    LlmBackend backend = request -> {
      order.add(Fixtures.option(request) + " x " + Fixtures.criterion(request));
      if (calls.incrementAndGet() == 1) {
        firstCallEntered.countDown();
        awaitUninterruptibly(go);
      }
      return Fixtures.answer(request);
    };
    Decision big = Fixtures.decision(100, 50);
    Decision.Builder smallBuilder = Decision.builder(big.topic());
    big.options().subList(97, 100).forEach(smallBuilder::option);
    big.criteria().subList(46, 50).forEach(smallBuilder::criterion);
    Decision small = smallBuilder.build(); // its 12 cells are the last ones queued in the big evaluation
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(1).build()) {
      RunningEvaluation bigRun = engine.start(big, null, null);
      assertThat(firstCallEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      RunningEvaluation smallRun = engine.start(small, null, null);

      go.countDown();
      Evaluation smallResult = smallRun.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Evaluation bigResult = bigRun.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(smallResult.counts().scored()).isEqualTo(12);
      assertThat(smallResult.stats().sharedCalls()).as("every cell shared the big evaluation's call").isEqualTo(12);
      // One call at a time, round-robin: the small lane gets every other slot, so its 12 cells are
      // among the first 1 + 2 x 12 calls, not the last of 5,000.
      int lastSmallCall = -1;
      for (int i = 0; i < order.size(); i++) {
        String cell = order.get(i);
        if (small.options().stream().anyMatch(o -> cell.startsWith(o.name() + " x "))
            && small.criteria().stream().anyMatch(c -> cell.endsWith(" x " + c.name()))) {
          lastSmallCall = i;
        }
      }
      assertThat(lastSmallCall).as("position of the small evaluation's last call").isBetween(11, 2 * 12);
      assertThat(bigResult.counts().scored()).isEqualTo(5000);
      assertThat(calls.get()).as("no question was asked twice").isEqualTo(5000);
    }
  }

  @Test
  void aRejectingExecutorFailsEveryCellWithoutRecursionAndSaysWhyWithoutBlamingAClose() throws Exception {
    ExecutorService shutDown = Executors.newSingleThreadExecutor();
    shutDown.shutdown();
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      calls.incrementAndGet();
      return Fixtures.answer(request);
    };
    try (DecisionEngine engine = Fixtures.engine(backend).executor(shutDown).maxConcurrency(64).build()) {
      Evaluation evaluation = engine.start(Fixtures.decision(100, 50), null, null).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(evaluation.counts().failed()).isEqualTo(5000);
      assertThat(evaluation.cells()).allSatisfy(c -> assertThat(c.judgment()).isInstanceOfSatisfying(Judgment.Failed.class, f -> {
        assertThat(f.message()).contains("executor refused").doesNotContain("closed");
      }));
      assertThat(engine.callsInFlight()).isZero();
      assertThat(calls.get()).isZero();
      assertThat(engine.isClosed()).isFalse();
    }
  }

  @Test
  void cancellingAnEvaluationWhoseCallWaitsInRetryBackoffFreesTheQuestionAtOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      if (calls.incrementAndGet() == 1) {
        throw new LlmException(LlmErrorKind.OVERLOADED, "busy", Duration.ofHours(1), 529, null, null, null);
      }
      return Fixtures.answer(request);
    };
    CountDownLatch inBackoff = new CountDownLatch(1);
    EvaluationListener listener = new EvaluationListener() {
      @Override
      public void onCell(CellResult cell, Progress progress) {}

      @Override
      public void onRetry(RetryEvent event) {
        inBackoff.countDown();
      }
    };
    Decision decision = Fixtures.decision(1, 1);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      RunningEvaluation first = engine.start(decision, null, EvaluationOptions.builder().listener(listener).build());
      assertThat(inBackoff.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      first.cancel();

      // The provider asked for an hour's pause; a fresh evaluation must not inherit it.
      Evaluation second = engine.start(decision, null, null).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(second.counts().scored()).isEqualTo(1);
      assertThat(second.stats().sharedCalls()).isZero();
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  /** Counts each call and signals {@code entered}, then answers once {@code go} opens; counts interrupts. */
  private static LlmBackend gated(AtomicInteger calls, CountDownLatch entered, CountDownLatch go, AtomicInteger interrupted) {
    return request -> {
      calls.incrementAndGet();
      entered.countDown();
      try {
        go.await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return Fixtures.answer(request);
    };
  }

  @Test
  void cancellingOneOfTwoEvaluationsWaitingForACallLetsTheOtherGetThatSameCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    LlmBackend backend = gated(calls, entered, go, interrupted);
    Decision decision = Fixtures.decision(1, 1);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      RunningEvaluation first = engine.start(decision, null, null);
      assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      RunningEvaluation second = engine.start(decision, null, null);

      first.cancel();
      assertThat(first.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).stats().cancelled()).isTrue();
      go.countDown();
      Evaluation shared = second.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(shared.counts().scored()).isEqualTo(1);
      assertThat(shared.stats().sharedCalls()).isEqualTo(1);
      assertThat(calls.get()).as("one call for both").isEqualTo(1);
      assertThat(interrupted.get()).as("the call the second evaluation waited for was not interrupted").isZero();
    }
  }

  @Test
  void aQuestionAnsweredBetweenTheCacheLookUpAndTheInFlightLookUpIsNotAskedAgain() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = gated(calls, entered, go, new AtomicInteger());
    java.util.concurrent.CompletableFuture<Evaluation> firstDone = new java.util.concurrent.CompletableFuture<>();
    AtomicBoolean armed = new AtomicBoolean();
    dev.decisionmatrix.cache.EvaluationCache inner = dev.decisionmatrix.cache.EvaluationCache.inMemory();
    // A cache whose miss is read, then the question gets answered, then the miss is returned.
    dev.decisionmatrix.cache.EvaluationCache slowMiss = new dev.decisionmatrix.cache.EvaluationCache() {
      @Override
      public Judgment get(dev.decisionmatrix.cache.CacheKey key) {
        Judgment seen = inner.get(key);
        if (seen == null && armed.compareAndSet(true, false)) {
          go.countDown();
          firstDone.join();
        }
        return seen;
      }

      @Override
      public void put(dev.decisionmatrix.cache.CacheKey key, Judgment judgment) {
        inner.put(key, judgment);
      }
    };
    Decision decision = Fixtures.decision(1, 1);
    try (DecisionEngine engine = Fixtures.engine(backend).cache(slowMiss).build()) {
      RunningEvaluation first = engine.start(decision, null, null);
      first.result().whenComplete((e, t) -> firstDone.complete(e));
      assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      armed.set(true);
      RunningEvaluation second = engine.start(decision, null, null);
      go.countDown();

      assertThat(second.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).counts().scored()).isEqualTo(1);
      assertThat(first.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).counts().scored()).isEqualTo(1);
      assertThat(calls.get()).as("one call for the question").isEqualTo(1);
    }
  }

  @Test
  void cancellingTheOnlyEvaluationWaitingForACallInterruptsIt() throws Exception {
    EngineLifecycleTest.Blocking backend = new EngineLifecycleTest.Blocking(1);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      RunningEvaluation run = engine.start(Fixtures.decision(1, 1), null, null);
      assertThat(backend.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      run.cancel();
      run.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long until = System.nanoTime() + WAIT.toNanos();
      while (backend.interrupted.get() == 0 && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertThat(backend.interrupted.get()).isEqualTo(1);
    }
  }

  @Test
  void aReusedBuilderBuildsWhatWasSetNotWhatTheLastBuildDerived() {
    DecisionEngine.Builder builder = Fixtures.engine(Fixtures.scoring()).maxConcurrency(4);
    try (DecisionEngine first = builder.build()) {
      first.evaluate(Fixtures.decision(1, 1));
      assertThat(first.concurrencyLimit("custom")).isEqualTo(4);
    }
    builder.maxConcurrency(16);
    try (DecisionEngine second = builder.build()) {
      second.evaluate(Fixtures.decision(1, 2));
      assertThat(second.concurrencyLimit("custom")).as("the per-backend limit follows the new global limit").isEqualTo(16);
    }
  }

  @Test
  void evaluatingAfterCloseThrowsIllegalStateAndStartsNothing() {
    AtomicInteger calls = new AtomicInteger();
    DecisionEngine engine = Fixtures.engine(request -> {
      calls.incrementAndGet();
      return Fixtures.answer(request);
    }).build();
    engine.close();
    Decision decision = Fixtures.decision(2, 2);

    assertThatThrownBy(() -> engine.evaluate(decision)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> engine.start(decision, null, null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> engine.stream(decision, null, null)).isInstanceOf(IllegalStateException.class);
    assertThat(engine.runningEvaluations()).isZero();
    assertThat(engine.isClosed()).isTrue();
    assertThat(calls.get()).isZero();
    engine.close(); // twice is fine
  }

  @Test
  void theAdaptiveLimitGrowsOnlyWhileTheBackendIsSaturated() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 64, 0.5);
    assertThat(limit.onBackpressure(limit.epoch())).isTrue();
    assertThat(limit.current()).isEqualTo(32);
    for (int i = 0; i < 1000; i++) {
      limit.onSuccess(false, 1_000_000);
    }
    assertThat(limit.current()).as("never tried above 1 in flight, so no growth").isEqualTo(32);
    for (int i = 0; i < 33; i++) { // each success while saturated adds 1/limit: a round of calls adds one
      limit.onSuccess(true, 1_000_000);
    }
    assertThat(limit.current()).isEqualTo(33);
  }

  @Test
  void oneCallAtATimeNeverGrowsABackendLimitThatBackPressureShrank() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      if (calls.incrementAndGet() == 1) {
        throw new LlmException(LlmErrorKind.RATE_LIMITED, "slow down");
      }
      return Fixtures.answer(request);
    };
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(64).limitDecrease(0.5).build()) {
      engine.evaluate(Fixtures.decision(1, 1));
      assertThat(engine.concurrencyLimit("custom")).isEqualTo(32);
      for (int i = 0; i < 200; i++) {
        engine.evaluate(Fixtures.decision(1, 1).withTopic("Question " + i));
      }
      assertThat(engine.concurrencyLimit("custom")).isEqualTo(32);
    }
  }

  @Test
  void aBackendsOwnConcurrencyLimitCapsItsCallsWhileOtherBackendsUseTheRest() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    LlmBackend capped = new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          awaitUninterruptibly(go);
          return Fixtures.answer(request);
        } finally {
          inFlight.decrementAndGet();
        }
      }

      @Override
      public String id() {
        return "capped";
      }

      @Override
      public OptionalInt maxConcurrency() {
        return OptionalInt.of(4);
      }
    };
    try (DecisionEngine engine = Fixtures.engine(capped).maxConcurrency(16).build()) {
      RunningEvaluation blocked = engine.start(Fixtures.decision(10, 4), null, null);
      // While the capped backend's four calls wait, an unrelated backend gets the remaining slots.
      Evaluation other = engine.start(Fixtures.decision(6, 4), null, EvaluationOptions.builder().backend(Fixtures.scoring()).build())
          .result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(other.counts().scored()).isEqualTo(24);
      assertThat(engine.concurrencyLimit("capped")).isEqualTo(4);
      assertThat(engine.callsInFlight()).isLessThanOrEqualTo(4);
      go.countDown();
      assertThat(blocked.result().get(WAIT.toSeconds(), TimeUnit.SECONDS).counts().scored()).isEqualTo(40);
      assertThat(maxInFlight.get()).isEqualTo(4);
    }
  }

  private static LlmBackend ownLimit(String id, AtomicInteger calls) {
    return new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        calls.incrementAndGet();
        return Fixtures.answer(request);
      }

      @Override
      public String id() {
        return id;
      }

      @Override
      public OptionalInt maxConcurrency() {
        return OptionalInt.of(2);
      }
    };
  }

  @Test
  void aBackendWithItsOwnLimitIsForgottenOnceItsEvaluationsEndWhileOthersKeepTheirLearntLimit() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend connection = ownLimit("connection:1", calls);
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).maxConcurrency(8).build()) {
      engine.evaluate(Fixtures.decision(3, 2));
      Evaluation done = engine.start(Fixtures.decision(3, 2), null, EvaluationOptions.builder().backend(connection).scope(Scope.ALL).build())
          .result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(done.counts().scored()).isEqualTo(6);
      assertThat(calls.get()).isEqualTo(6);
      assertThat(engine.concurrencyLimit("connection:1")).as("an ended connection leaves nothing behind").isEqualTo(-1);
      assertThat(engine.concurrencyLimit("custom")).as("a provider keeps its adaptive limit").isEqualTo(8);
      assertThat(engine.callsInFlight()).isZero();

      Evaluation again = engine.start(Fixtures.decision(3, 2), null, EvaluationOptions.builder().backend(connection).scope(Scope.ALL).build())
          .result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(again.counts().scored()).as("a forgotten backend is served afresh").isEqualTo(6);
      assertThat(calls.get()).isEqualTo(12);
    }
  }

  @Test
  void namedBackendsWhoseIdsRefineTheNameAreKeptApartWhileOtherIdsGoUnderTheName() {
    AtomicInteger firstCalls = new AtomicInteger();
    AtomicInteger secondCalls = new AtomicInteger();
    AtomicInteger plainCalls = new AtomicInteger();
    Decision decision = Fixtures.decision(2, 0).withCriterion(dev.decisionmatrix.model.Criterion.builder("Fit").backend("sampling").build());
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).build()) {
      engine.evaluate(decision, null, EvaluationOptions.builder().backend("sampling", ownLimit("sampling:a:1", firstCalls)).build());
      Evaluation second = engine.evaluate(decision, null, EvaluationOptions.builder().backend("sampling", ownLimit("sampling:b:2", secondCalls)).build());
      Evaluation same = engine.evaluate(decision, null, EvaluationOptions.builder().backend("sampling", ownLimit("sampling:a:1", plainCalls)).build());

      assertThat(firstCalls.get()).isEqualTo(2);
      assertThat(secondCalls.get()).as("another caller's backend gets none of the first one's cached answers").isEqualTo(2);
      assertThat(second.stats().cacheHits()).isZero();
      assertThat(plainCalls.get()).as("the same id is the same caller: its cached answers are reused").isZero();
      assertThat(same.stats().cacheHits()).isEqualTo(2);

      AtomicInteger renamed = new AtomicInteger();
      Evaluation other = engine.evaluate(decision, null, EvaluationOptions.builder().backend("sampling", ownLimit("sampling", renamed)).build());
      Evaluation unrelatedId = engine.evaluate(decision, null, EvaluationOptions.builder().backend("sampling", ownLimit("openai", renamed)).build());
      assertThat(other.stats().cacheHits()).as("an id equal to the name goes under the name").isZero();
      assertThat(unrelatedId.stats().cacheHits()).as("an id that does not refine the name goes under the name too").isEqualTo(2);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A call given up after it started but before it asked its evaluation's budget (here: while a
   * shared cache's lease round trip ignores the interrupt) never reaches the backend: with nobody
   * left to pay, no call is made.
   */
  @Test
  void aCallGivenUpBeforeItsAdmissionNeverReachesTheBackend() throws Exception {
    CountDownLatch leaseAsked = new CountDownLatch(1);
    CountDownLatch leaseAnswers = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      calls.incrementAndGet();
      return Fixtures.answer(request);
    };
    final class SlowLeaseCache implements dev.decisionmatrix.cache.EvaluationCache, dev.decisionmatrix.cache.CellLeases {
      @Override
      public Judgment get(dev.decisionmatrix.cache.CacheKey key) {
        return null;
      }

      @Override
      public void put(dev.decisionmatrix.cache.CacheKey key, Judgment judgment) {}

      @Override
      public Lease acquire(dev.decisionmatrix.cache.CacheKey key) {
        leaseAsked.countDown();
        boolean answered = false;
        while (!answered) {
          try {
            answered = leaseAnswers.await(WAIT.toSeconds(), TimeUnit.SECONDS); // a round trip deaf to interrupts
          } catch (InterruptedException e) {
            // keep waiting like a blocking socket read; the flag is restored below
          }
        }
        Thread.currentThread().interrupt();
        return dev.decisionmatrix.cache.CellLeases.none().acquire(key);
      }
    }
    try (DecisionEngine engine = Fixtures.engine(backend).cache(new SlowLeaseCache()).maxConcurrency(1).build()) {
      RunningEvaluation running = engine.start(Fixtures.decision(1, 1), null, null);
      assertThat(leaseAsked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      running.cancel();
      Evaluation evaluation = running.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      leaseAnswers.countDown();
      // One slot: the next evaluation's call starts only once the given-up one has ended.
      Evaluation next = engine.start(Fixtures.decision(1, 1), null, null).result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(evaluation.stats().calls()).isZero();
      assertThat(next.stats().calls()).isEqualTo(1);
      assertThat(calls.get()).as("backend calls: only the next evaluation's, none for the call given up").isEqualTo(1);
    }
  }
}
