package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RedisProcess;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away in the middle of an evaluation and comes back with its data: the evaluation goes
 * on from the local cache, completes, and keeps every judgment; nothing is paid for twice.
 */
class RedisOutageTest {

  private static final int OPTIONS = 10;
  private static final int CRITERIA = 4;
  private static final int CELLS = OPTIONS * CRITERIA;
  private static final int BEFORE_OUTAGE = 12;
  private static final int DURING_OUTAGE = 12;

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the judge");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void redisStoppedMidEvaluationAndStartedAgainTheEvaluationCompletesAndNoJudgmentIsLost() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); LlmSimulator sim = LlmSimulator.builder().start()) {
      CountDownLatch outageBegun = new CountDownLatch(1);
      CountDownLatch redisBack = new CountDownLatch(1);
      AtomicInteger asked = new AtomicInteger();
      sim.setJudge(request -> {
        int n = asked.incrementAndGet();
        if (n > BEFORE_OUTAGE) {
          await(outageBegun);
        }
        if (n > BEFORE_OUTAGE + DURING_OUTAGE) {
          await(redisBack);
        }
        return LlmSimulator.defaultJudge().apply(request);
      });
      List<String> options = IntStream.range(0, OPTIONS).mapToObj(i -> "Vendor " + i).toList();
      List<String> criteria = IntStream.range(0, CRITERIA).mapToObj(i -> "Criterion " + i).toList();

      try (RedisInstance a = RedisInstance.start(redis, sim)) {
        String id = a.start("Which vendor?", options, criteria);
        // Its own thread, not the common pool: with few cores that pool may be all the SDK client has to deliver answers.
        CompletableFuture<McpSchema.CallToolResult> evaluation = new CompletableFuture<>();
        Thread.ofPlatform().name("evaluation-on-a").start(() -> {
          try {
            evaluation.complete(a.callRaw("evaluate_options", Map.of("session_id", id)));
          } catch (RuntimeException e) {
            evaluation.completeExceptionally(e);
          }
        });

        assertThat(sim.awaitStats(s -> s.statusCount(200) >= BEFORE_OUTAGE, Duration.ofSeconds(60))).isTrue();
        RedisCommands.shutdownWithSnapshot(redis.port());
        redis.stop(); // waits for the process to end
        outageBegun.countDown();
        assertThat(sim.awaitStats(s -> s.statusCount(200) >= BEFORE_OUTAGE + DURING_OUTAGE, Duration.ofSeconds(60))).isTrue();
        redis.startAgain();
        redisBack.countDown();

        McpSchema.CallToolResult result = evaluation.get(120, TimeUnit.SECONDS);
        assertThat(result.isError()).as(result.toString()).isFalse();
        Map<?, ?> stats = (Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("stats");
        int hedges = ((Number) stats.get("hedges")).intValue();
        // Every cell asked once; a second copy of a slow call (a hedge) is answered too at times.
        assertThat(sim.stats().statusCount(200)).as("every cell asked once, plus at most the %d hedges", hedges)
            .isBetween((long) CELLS, (long) CELLS + hedges);

        try (RedisInstance b = RedisInstance.start(redis, sim)) {
          Map<?, ?> matrix = b.call("get_decision_matrix", Map.of("session_id", id));
          assertThat((List<?>) matrix.get("cells")).hasSize(CELLS)
              .allSatisfy(cell -> assertThat(((Map<?, ?>) cell).get("state")).isEqualTo("scored"));

          // The judgments made before the outage are in Redis for any instance; the ones made while
          // it was away are in A's local cache only.
          String copy = a.start("Which vendor?", options, criteria);
          long before = sim.stats().statusCount(200);
          b.call("evaluate_options", Map.of("session_id", copy));
          assertThat(sim.stats().statusCount(200) - before).isLessThanOrEqualTo(CELLS - BEFORE_OUTAGE);

          String another = a.start("Which vendor?", options, criteria);
          long beforeA = sim.stats().statusCount(200);
          a.call("evaluate_options", Map.of("session_id", another));
          assertThat(sim.stats().statusCount(200) - beforeA).as("A's local cache holds every judgment").isZero();
        }
      }
    }
  }
}
