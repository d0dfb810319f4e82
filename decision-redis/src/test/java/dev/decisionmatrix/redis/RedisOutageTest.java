package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.DecisionStoreException;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stops in the middle of an evaluation and comes back: nothing fails, nothing is lost. */
class RedisOutageTest {

  private final RedisProcess redis = RedisProcess.start();
  private final LlmSimulator sim = LlmSimulator.builder().start();
  private final LlmBackend backend = Matrices.backend(sim);
  private final Logger cacheLog = Logger.getLogger(EvaluationCache.class.getName());
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler recorder = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void recordWarnings() {
    cacheLog.addHandler(recorder);
  }

  @AfterEach
  void tearDown() {
    cacheLog.removeHandler(recorder);
    sim.close();
    redis.close();
  }

  private static long scored(Evaluation evaluation) {
    return evaluation.cells().stream().filter(c -> c.judgment() instanceof Judgment.Scored).count();
  }

  @Test
  void anEvaluationOutlivesARedisOutageWithOneWarningAndTheCacheRefillsWhenRedisIsBack() throws Exception {
    Decision decision = Matrices.decision("Which office to open", 10, 8);
    AtomicInteger calls = new AtomicInteger();
    // The 40th model call stops Redis before it answers: half the matrix is judged before the outage.
    sim.setJudge(request -> {
      if (calls.incrementAndGet() == 40) {
        redis.stop();
      }
      return LlmSimulator.defaultJudge().apply(request);
    });
    RedisConnection first = RedisConnection.open(redis.url(), "outage:");
    RedisEvaluationCache cache = (RedisEvaluationCache) first.cache(EvaluationCache.inMemory(), Duration.ofHours(1));
    CompletableFuture<Integer> recovered = cache.nextRecovery();
    Evaluation evaluation;
    try (DecisionEngine engine = DecisionEngine.builder(backend).cache(cache).build()) {
      evaluation = engine.evaluate(decision);
    }

    assertThat(scored(evaluation)).isEqualTo(80);
    long requests = sim.stats().requests();
    assertThat(requests).isBetween(80L, 80L + evaluation.stats().hedges()); // hedged copies are the only extra requests
    assertThat(warnings).hasSize(1);
    assertThat(warnings.getFirst().getMessage()).contains("Redis is unreachable").contains("goes on without it");
    assertThat(recovered).isNotDone();

    redis.startAgain();
    assertThat(recovered.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(80);

    try (RedisConnection second = RedisConnection.open(redis.url(), "outage:");
        DecisionEngine fresh = DecisionEngine.builder(backend).cache(second.cache(EvaluationCache.inMemory(), Duration.ofHours(1))).build()) {
      Evaluation again = fresh.evaluate(decision);

      assertThat(again.cells()).isEqualTo(evaluation.cells());
      assertThat(sim.stats().requests()).as("the refilled cache answers every cell").isEqualTo(requests);
    } finally {
      first.close();
    }
    assertThat(warnings).hasSize(1);
  }

  @Test
  void aStoreOperationDuringAnOutageNamesRedisAndItsUrlButNeverThePassword() {
    String url = "redis://admin:s3cret-pass@127.0.0.1:" + redis.port() + "/2";
    redis.stop();
    try (RedisConnection connection = RedisConnection.open(url);
        DecisionStore store = connection.store(StoreOptions.defaults())) {

      assertThatThrownBy(() -> store.get("team-offsite"))
          .isInstanceOf(DecisionStoreException.class)
          .hasMessageContaining("Redis redis://***@127.0.0.1:" + redis.port() + "/2")
          .hasMessageContaining("unreachable")
          .hasMessageContaining("DECISION_MATRIX_REDIS_URL")
          .satisfies(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
              assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
            }
          });
      assertThat(connection.toString()).doesNotContain("s3cret");
      assertThat(connection.ping()).isFalse();
    }
  }
}
