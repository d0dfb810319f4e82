package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RedisProcess;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One instance, a real second JVM serving Streamable HTTP on Redis, is killed with SIGKILL in the
 * middle of an evaluation; another instance on the same Redis finishes the session and asks the
 * simulator only for the cells the killed one had not paid for.
 */
class RedisKillIT {

  private static final int OPTIONS = 10;
  private static final int CRITERIA = 10;
  private static final int CELLS = OPTIONS * CRITERIA;
  private static final int BEFORE_KILL = 40;
  private static final String JUDGMENTS = "decision-matrix:judgment:*";

  @Test
  void anInstanceKilledMidEvaluationLeavesItsJudgmentsAndTheOtherPaysOnlyForTheRest() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); LlmSimulator sim = LlmSimulator.builder().start()) {
      CountDownLatch released = new CountDownLatch(1);
      AtomicInteger asked = new AtomicInteger();
      sim.setJudge(request -> {
        if (asked.incrementAndGet() > BEFORE_KILL) {
          try {
            released.await(120, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return LlmSimulator.defaultJudge().apply(request);
      });
      String id;
      try (ServerJar doomed = ServerJar.start(RedisInstance.environment(redis, sim), "--http", "--port", "0")) {
        URI url = URI.create(doomed.awaitHttpUrl(Duration.ofSeconds(90)));
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://" + url.getAuthority()).endpoint(url.getPath()).build())
            .requestTimeout(Duration.ofMinutes(3))
            .build();
        client.initialize();
        McpSchema.CallToolResult started = client.callTool(new McpSchema.CallToolRequest("start_decision_analysis", Map.of(
            "topic", "Which supplier?",
            "options", IntStream.range(0, OPTIONS).mapToObj(i -> "Supplier " + i).toList(),
            "initial_criteria", IntStream.range(0, CRITERIA).mapToObj(i -> Map.of("name", "Criterion " + i)).toList()), null));
        id = (String) ((Map<?, ?>) started.structuredContent()).get("session_id");
        Thread.ofPlatform().daemon().name("doomed-evaluation").start(() -> {
          try {
            client.callTool(new McpSchema.CallToolRequest("evaluate_options", Map.of("session_id", id), null));
          } catch (RuntimeException expected) {
            // the server dies under it
          }
        });

        assertThat(sim.awaitStats(s -> s.statusCount(200) >= BEFORE_KILL, Duration.ofSeconds(90))).isTrue();
        awaitJudgmentsInRedis(redis, BEFORE_KILL);
        doomed.process.destroyForcibly(); // SIGKILL: no shutdown hook, no merge
        assertThat(doomed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        client.close();
      }
      released.countDown();
      assertThat(sim.awaitStats(s -> s.inFlight() == 0, Duration.ofSeconds(60))).isTrue();
      assertThat(RedisCommands.countKeys(redis.port(), JUDGMENTS)).as("the killed instance paid for these only").isEqualTo(BEFORE_KILL);

      try (RedisInstance survivor = RedisInstance.start(redis, sim)) {
        long before = sim.stats().statusCount(200);
        Map<?, ?> evaluated = survivor.call("evaluate_options", Map.of("session_id", id));
        long paid = sim.stats().statusCount(200) - before;
        Map<?, ?> matrix = survivor.call("get_decision_matrix", Map.of("session_id", id));

        assertThat(evaluated.get("session_id")).isEqualTo(id);
        Map<?, ?> stats = (Map<?, ?>) evaluated.get("stats");
        int hedges = ((Number) stats.get("hedges")).intValue();
        assertThat(((Number) stats.get("cache_hits")).intValue()).as("the killed instance's judgments come from Redis")
            .isEqualTo(BEFORE_KILL);
        // A second copy of a slow call (a hedge) is paid too when the simulator answered it first.
        assertThat(paid).as("calls answered: the cells not judged yet, plus at most the hedges (%d)", hedges)
            .isBetween((long) (CELLS - BEFORE_KILL), (long) (CELLS - BEFORE_KILL + hedges));
        assertThat((List<?>) matrix.get("cells")).hasSize(CELLS)
            .allSatisfy(cell -> assertThat(((Map<?, ?>) cell).get("state")).isEqualTo("scored"));
      }
    }
  }

  /** Waits until the killed instance's judgments reached Redis (its cache writes follow the answers). */
  private static void awaitJudgmentsInRedis(RedisProcess redis, int expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (RedisCommands.countKeys(redis.port(), JUDGMENTS) < expected) {
      assertThat(System.nanoTime()).as("%d judgments in Redis within 60 s", expected).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
