package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RedisProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances over HTTP on one real Redis, judging with the simulator: any instance serves
 * any session, a judgment paid for once is never paid for again on another instance, and
 * concurrent edits through both lose nothing.
 */
class RedisScaleOutTest {

  private static RedisProcess redis;
  private static LlmSimulator sim;
  private static RedisInstance a;
  private static RedisInstance b;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    sim = LlmSimulator.builder().start();
    a = RedisInstance.start(redis, sim);
    b = RedisInstance.start(redis, sim);
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    sim.close();
    redis.close();
  }

  private static long llmCalls() {
    return sim.stats().statusCount(200);
  }

  @Test
  void aSessionCreatedOnAIsEvaluatedOnBReadOnAAndNeverPaidForAgainOnAnyInstance() {
    List<String> options = List.of("Java", "Go", "Rust");
    List<String> criteria = List.of("Speed", "Tooling");
    String id = a.start("Which runtime for the ingest service?", options, criteria);
    long before = llmCalls();

    Map<?, ?> evaluated = b.call("evaluate_options", Map.of("session_id", id));
    long paid = llmCalls() - before;
    Map<?, ?> matrix = a.call("get_decision_matrix", Map.of("session_id", id));

    assertThat(evaluated.get("session_id")).isEqualTo(id);
    assertThat(paid).isEqualTo(6);
    List<?> cells = (List<?>) matrix.get("cells");
    assertThat(cells).hasSize(6).allSatisfy(c -> {
      Map<?, ?> cell = (Map<?, ?>) c;
      assertThat(cell.get("state")).isEqualTo("scored");
      assertThat(((Number) cell.get("score")).doubleValue())
          .isEqualTo(LlmSimulator.expectedScore((String) cell.get("option"), (String) cell.get("criterion")));
    });

    b.call("evaluate_options", Map.of("session_id", id));
    assertThat(llmCalls() - before).as("B's second evaluation of the session").isEqualTo(6);

    String copy = a.start("Which runtime for the ingest service?", options, criteria);
    try (RedisInstance fresh = RedisInstance.start(redis, sim)) {
      fresh.call("evaluate_options", Map.of("session_id", copy));
    }
    assertThat(llmCalls() - before).as("a fresh instance, with an empty local cache, evaluating the same decision").isEqualTo(6);
  }

  @Test
  void bothInstancesEvaluatingOneSessionAtOnceCallTheModelOncePerCell() throws Exception {
    List<String> options = java.util.stream.IntStream.range(0, 8).mapToObj(i -> "Region " + i).toList();
    List<String> criteria = List.of("Latency", "Price", "Support", "Compliance");
    String id = a.start("Where to host the second site?", options, criteria);
    long before = llmCalls();
    sim.setLatency(java.time.Duration.ofMillis(40)); // long enough that the two evaluations overlap
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<Map<?, ?>> onA = both.submit(() -> {
        go.await();
        return a.call("evaluate_options", Map.of("session_id", id));
      });
      java.util.concurrent.Future<Map<?, ?>> onB = both.submit(() -> {
        go.await();
        return b.call("evaluate_options", Map.of("session_id", id));
      });
      go.countDown();
      Map<?, ?> fromA = onA.get(60, java.util.concurrent.TimeUnit.SECONDS);
      Map<?, ?> fromB = onB.get(60, java.util.concurrent.TimeUnit.SECONDS);

      long paid = llmCalls() - before;
      long hedges = stat(fromA, "hedges") + stat(fromB, "hedges");
      assertThat(stat(fromA, "calls") + stat(fromB, "calls")).as("the calls both instances report").isGreaterThanOrEqualTo(paid);
      assertThat(paid).as("model calls for %d cells judged at once on two instances (%d hedges)", options.size() * criteria.size(), hedges)
          .isBetween((long) options.size() * criteria.size(), (long) options.size() * criteria.size() + hedges);
      List<?> cells = (List<?>) a.call("get_decision_matrix", Map.of("session_id", id)).get("cells");
      assertThat(cells).hasSize(options.size() * criteria.size())
          .allSatisfy(c -> assertThat(((Map<?, ?>) c).get("state")).isEqualTo("scored"));
    } finally {
      both.shutdownNow();
      sim.setLatency(dev.decisionmatrix.testkit.LatencyModel.none());
    }
  }

  private static long stat(Map<?, ?> evaluated, String name) {
    return ((Number) ((Map<?, ?>) evaluated.get("stats")).get(name)).longValue();
  }

  @Test
  void whileRedisIsAwaySessionToolsAnswerWithAClearErrorAndWorkAgainWhenItIsBack() {
    String id = a.start("Which laptop?", List.of("ThinkPad", "MacBook"), List.of("Battery"));
    redis.stop();
    io.modelcontextprotocol.spec.McpSchema.CallToolResult down;
    try {
      down = a.callRaw("get_decision_matrix", Map.of("session_id", id));
    } finally {
      redis.startAgain();
    }
    String text = ((io.modelcontextprotocol.spec.McpSchema.TextContent) down.content().getFirst()).text();

    assertThat(down.isError()).isTrue();
    assertThat(text).contains("unreachable", "DECISION_MATRIX_REDIS_URL").doesNotContain("\tat ", "Caused by");
    // Redis came back empty (it keeps nothing on disk here): the instance serves again.
    String fresh = a.start("Which laptop?", List.of("ThinkPad", "MacBook"), List.of("Battery"));
    assertThat(a.call("get_decision_matrix", Map.of("session_id", fresh)).get("session_id")).isEqualTo(fresh);
  }

  @Test
  void readyzFollowsRedisAndHealthzStaysUp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + a.http.port() + "/readyz");
    URI health = URI.create("http://127.0.0.1:" + a.http.port() + "/healthz");
    HttpResponse<String> up = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).isEqualTo(200);

    redis.stop();
    try {
      HttpResponse<String> down = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> alive = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("not ready: Redis does not answer\n");
      assertThat(alive.statusCode()).isEqualTo(200);
    } finally {
      redis.startAgain();
    }
    assertThat(http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  /** What one instance's client believes it did to the session: its own options, criteria and hand-set scores. */
  private static final class Model {
    final String prefix;
    final Random random;
    final List<String> options = new ArrayList<>();
    final Map<String, Double> weights = new LinkedHashMap<>();
    final Map<String, Double> manual = new TreeMap<>();
    int next;

    Model(String prefix, long seed) {
      this.prefix = prefix;
      this.random = new Random(seed);
    }

    /** Picks the next edit, applies it to the model and returns the tool call. */
    Map.Entry<String, Map<String, Object>> nextEdit(String id) {
      int kind = random.nextInt(5);
      if (kind == 1 && !options.isEmpty()) {
        String option = options.remove(random.nextInt(options.size()));
        manual.keySet().removeIf(k -> k.startsWith(option + "|"));
        return Map.entry("remove_option", Map.of("session_id", id, "option_name", option));
      }
      if (kind == 2 || weights.isEmpty()) {
        String criterion = prefix + "-criterion-" + next++;
        double weight = 1 + random.nextInt(10);
        weights.put(criterion, weight);
        return Map.entry("add_criterion", Map.of("session_id", id, "name", criterion, "weight", weight));
      }
      List<String> criteria = List.copyOf(weights.keySet());
      String criterion = criteria.get(random.nextInt(criteria.size()));
      if (kind == 3) {
        double weight = 1 + random.nextInt(10);
        weights.put(criterion, weight);
        return Map.entry("update_criterion", Map.of("session_id", id, "criterion_name", criterion, "weight", weight));
      }
      if (kind == 4 && !options.isEmpty()) {
        String option = options.get(random.nextInt(options.size()));
        double score = 1 + random.nextInt(10);
        manual.put(option + "|" + criterion, score);
        return Map.entry("set_score", Map.of("session_id", id, "option", option, "criterion", criterion, "score", score));
      }
      String option = prefix + "-option-" + next++;
      options.add(option);
      return Map.entry("add_option", Map.of("session_id", id, "option_name", option));
    }
  }

  private static List<String> ownedBy(List<String> names, String prefix) {
    return names.stream().filter(n -> n.startsWith(prefix + "-")).toList();
  }

  @Test
  void concurrentEditsThroughBothInstancesLoseNothing() throws Exception {
    long seed = Long.getLong("scaleout.seed", 20261203L);
    int editsEach = 110;
    String id = a.start("Which office?", List.of("Base office", "Second office"), List.of("Base criterion"));
    Model modelA = new Model("A", seed);
    Model modelB = new Model("B", seed * 31 + 7);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Map.Entry<RedisInstance, Model> side : List.of(Map.entry(a, modelA), Map.entry(b, modelB))) {
        runs.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < editsEach; i++) {
            Map.Entry<String, Map<String, Object>> edit = side.getValue().nextEdit(id);
            side.getKey().call(edit.getKey(), edit.getValue());
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }

    Session session = a.storage.store().get(id).orElseThrow();
    List<String> options = session.decision().options().stream().map(Option::name).toList();
    Map<String, Double> weights = session.decision().criteria().stream().collect(Collectors.toMap(Criterion::name, Criterion::weight));
    for (Model model : List.of(modelA, modelB)) {
      assertThat(ownedBy(options, model.prefix)).as("seed %d: %s's options", seed, model.prefix).containsExactlyInAnyOrderElementsOf(model.options);
      assertThat(weights).as("seed %d: %s's criteria and weights", seed, model.prefix).containsAllEntriesOf(model.weights);
      assertThat(ownedBy(List.copyOf(weights.keySet()), model.prefix)).containsExactlyInAnyOrderElementsOf(model.weights.keySet());
      Map<String, Double> manual = new TreeMap<>();
      for (String option : ownedBy(options, model.prefix)) {
        for (String criterion : model.weights.keySet()) {
          if (session.evaluation().judgment(option, criterion) instanceof Judgment.Scored s && s.manual()) {
            manual.put(option + "|" + criterion, s.score());
          }
        }
      }
      assertThat(manual).as("seed %d: %s's hand-set scores", seed, model.prefix).isEqualTo(model.manual);
    }
    assertThat(options).contains("Base office", "Second office");
    assertThat(session.revision()).as("every edit made one revision").isGreaterThanOrEqualTo(2L * editsEach);
  }
}
