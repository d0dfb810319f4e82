package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.CacheStats;
import dev.decisionmatrix.cache.CellLeases;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RedisProcess;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two engines on one Redis call the model once per cell, and one takes over from a dead one. */
class CellLeasesTest {

  private final RedisProcess redis = RedisProcess.start();
  private final LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(20)).start();
  private final LlmBackend backend = Matrices.backend(sim);
  private final RedisConnection a = RedisConnection.open(redis.url(), "leases:");
  private final RedisConnection b = RedisConnection.open(redis.url(), "leases:");
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
    a.close();
    b.close();
    sim.close();
    redis.close();
  }

  private static long scored(Evaluation evaluation) {
    return evaluation.cells().stream().filter(c -> c.judgment() instanceof Judgment.Scored).count();
  }

  private static DecisionEngine engine(LlmBackend backend, EvaluationCache cache) {
    return DecisionEngine.builder(backend).cache(cache).build();
  }

  @Test
  void twoEnginesEvaluatingOneDecisionAtOnceCallTheModelOncePerCell() throws Exception {
    Decision decision = Matrices.decision("Where to hold the offsite", 10, 8);
    CountDownLatch bothReady = new CountDownLatch(2);
    try (DecisionEngine first = engine(backend, a.cache(EvaluationCache.inMemory(), Duration.ofHours(1)));
        DecisionEngine second = engine(backend, b.cache(EvaluationCache.inMemory(), Duration.ofHours(1)))) {
      CompletableFuture<Evaluation> onA = CompletableFuture.supplyAsync(() -> {
        bothReady.countDown();
        await(bothReady);
        return first.evaluate(decision);
      }, threads);
      CompletableFuture<Evaluation> onB = CompletableFuture.supplyAsync(() -> {
        bothReady.countDown();
        await(bothReady);
        return second.evaluate(decision);
      }, threads);

      Evaluation fromA = onA.get(60, TimeUnit.SECONDS);
      Evaluation fromB = onB.get(60, TimeUnit.SECONDS);

      assertThat(scored(fromA)).isEqualTo(80);
      assertThat(fromB.cells()).isEqualTo(fromA.cells());
      // A hedge (a second copy of a slow call, counted in the stats) is the only extra request; one
      // whose first copy answered while it was being sent never reaches the model.
      assertThat(sim.stats().requests()).isBetween(80L, 80L + fromA.stats().hedges() + fromB.stats().hedges());
    }
  }

  @Test
  void whenTheEngineHoldingTheLeasesIsClosedMidCallTheOtherEngineFinishes() throws Exception {
    Decision decision = Matrices.decision("Which vendor to keep", 10, 8);
    AtomicBoolean firstClosed = new AtomicBoolean();
    CountDownLatch firstCalling = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    sim.setJudge(request -> {
      if (!firstClosed.get()) {
        firstCalling.countDown();
        await(release);
      }
      return LlmSimulator.defaultJudge().apply(request);
    });
    DecisionEngine first = engine(backend, a.cache(EvaluationCache.inMemory(), Duration.ofHours(1)));
    CompletableFuture<Evaluation> onA = CompletableFuture.supplyAsync(() -> first.evaluate(decision), threads);
    assertThat(firstCalling.await(30, TimeUnit.SECONDS)).isTrue();

    try (DecisionEngine second = engine(backend, b.cache(EvaluationCache.inMemory(), Duration.ofHours(1)))) {
      CompletableFuture<Evaluation> onB = CompletableFuture.supplyAsync(() -> second.evaluate(decision), threads);
      firstClosed.set(true);
      first.close();
      release.countDown();

      Evaluation fromB = onB.get(60, TimeUnit.SECONDS);

      assertThat(scored(fromB)).isEqualTo(80);
      assertThat(onA.get(30, TimeUnit.SECONDS).isComplete()).isFalse();
    }
  }

  @Test
  void aDeadInstancesLeasesExpireAndTheLivingEngineTakesOverEveryCell() throws Exception {
    Decision decision = Matrices.decision("Which city for the new hub", 4, 3);
    RedisConnection dead = RedisConnection.open(redis.url(), "leases:");
    RedisCellLeases deadLeases = new RedisCellLeases(dead, Duration.ofHours(1).toMillis(), 300);
    AtomicBoolean planted = new AtomicBoolean();
    // The dead instance takes every lease the moment the living engine looks the matrix up, and
    // then dies: its pool is closed, so nothing renews or releases the leases.
    EvaluationCache living = new LeasingCache((RedisEvaluationCache) b.cache(EvaluationCache.inMemory(), Duration.ofHours(1))) {
      @Override
      public Map<CacheKey, Judgment> getAll(Collection<CacheKey> keys) {
        if (planted.compareAndSet(false, true)) {
          for (CacheKey key : keys) {
            assertThat(deadLeases.acquire(key).answer()).isNull();
          }
          dead.close();
        }
        return super.getAll(keys);
      }
    };

    try (DecisionEngine engine = engine(backend, living)) {
      Evaluation evaluation = engine.evaluate(decision);

      assertThat(planted).isTrue();
      assertThat(scored(evaluation)).isEqualTo(12);
      assertThat(sim.stats().requests()).isEqualTo(12);
    }
  }

  @Test
  void anEngineWaitingForALeaseIsAnsweredWithThePublishedJudgment() {
    CacheKey key = CacheKey.builder().field("option", "A").field("criterion", "Speed").build();
    RedisEvaluationCache holderCache = (RedisEvaluationCache) a.cache(EvaluationCache.inMemory(), Duration.ofHours(1));
    RedisEvaluationCache waiterCache = (RedisEvaluationCache) b.cache(EvaluationCache.inMemory(), Duration.ofHours(1));
    Judgment.Scored judgment = new Judgment.Scored(6, "solid", 0.9, 0, 1, false);

    CellLeases.Lease held = holderCache.acquire(key);
    CompletableFuture<CellLeases.Lease> waiting = CompletableFuture.supplyAsync(() -> waiterCache.acquire(key), threads);
    held.publish(judgment);
    held.close();

    assertThat(held.answer()).isNull();
    assertThat(waiting.join().answer()).isEqualTo(judgment);
    assertThat(waiterCache.leases().answeredByOthers()).isEqualTo(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a latch was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A cache that forwards everything, leases included, to a Redis cache; tests override a method. */
  private static class LeasingCache implements EvaluationCache, CellLeases {
    private final RedisEvaluationCache delegate;

    LeasingCache(RedisEvaluationCache delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable Judgment get(CacheKey key) {
      return delegate.get(key);
    }

    @Override
    public Map<CacheKey, Judgment> getAll(Collection<CacheKey> keys) {
      return delegate.getAll(keys);
    }

    @Override
    public void put(CacheKey key, Judgment judgment) {
      delegate.put(key, judgment);
    }

    @Override
    public CacheStats stats() {
      return delegate.stats();
    }

    @Override
    public Lease acquire(CacheKey key) {
      return delegate.acquire(key);
    }
  }
}
