package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.redis.RedisConnection;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import dev.decisionmatrix.store.SessionSettings;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis benchmark, against a real {@code redis-server} started on a free loopback port:
 *
 * <ol>
 *   <li>a warm 100x50 evaluation from Redis in a fresh engine on a fresh connection (empty local
 *       cache): wall time and LLM calls (target: at most 250 ms, 0 calls);
 *   <li>two engines, each with its own connection, evaluating the same 50x20 decision at once over
 *       loopback HTTP against {@link LlmSimulator}: LLM calls (target: exactly 1,000) and wall
 *       time against one engine alone (target: at most 1.2x);
 *   <li>small edits (a weight) on one session from 20 concurrent clients, each with its own
 *       connection and store as 20 server instances would: operations per second and the
 *       conflict retry rate.
 * </ol>
 */
public final class RedisBenchmark {

  private final boolean quick;
  private final Path out;
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> table = new ArrayList<>();

  private RedisBenchmark(boolean quick, Path out) {
    this.quick = quick;
    this.out = out;
  }

  /**
   * Runs the benchmark and prints a table; writes {@code redis.json}.
   *
   * @param args {@code --quick}, {@code --out DIR}, {@code --help}
   * @throws Exception if the benchmark fails
   */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = Files.isDirectory(Path.of("decision-bench")) ? Path.of("decision-bench", "target", "bench") : Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println("""
              Usage: java -cp benchmarks.jar dev.decisionmatrix.bench.RedisBenchmark [options]
                --quick     fewer repetitions and a shorter store run (CI)
                --out DIR   where to write redis.json (default decision-bench/target/bench)
              Needs redis-server on PATH (Debian package redis-server) or REDIS_SERVER set to it.""");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
      }
    }
    new RedisBenchmark(quick, out).run();
  }

  private void run() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      table.add("| scenario | result | target |");
      table.add("|---|---|---|");
      json.put("quick", quick);
      json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
      json.put("warmEvaluation", warmEvaluation(redis));
      json.put("twoEngines", twoEngines(redis));
      json.put("storeEdits", storeEdits(redis));
    }
    System.out.println();
    System.out.println("Redis benchmark (" + json.get("machine") + ", redis-server on loopback)");
    System.out.println();
    table.forEach(System.out::println);
    Files.createDirectories(out);
    Path file = out.resolve("redis.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    System.out.println();
    System.out.println("JSON written to " + file);
  }

  /** A backend that answers at once and counts its calls. */
  private static final class Counting implements LlmBackend {
    private final LlmBackend inner = Matrices.instant();
    private final AtomicLong calls = new AtomicLong();

    @Override
    public ChatResponse chat(ChatRequest request) {
      calls.incrementAndGet();
      return inner.chat(request);
    }

    @Override
    public String id() {
      return inner.id();
    }
  }

  /**
   * An engine on the shared cache. Hedging is off: a hedge is a deliberate second copy of a slow
   * call, so with it on the call count would mix that policy with what is measured here, the calls
   * two engines sharing one Redis make for the same cells.
   */
  private static DecisionEngine engine(LlmBackend backend, EvaluationCache cache) {
    return DecisionEngine.builder(backend).cache(cache).maxConcurrency(64).deadline(Duration.ofMinutes(10)).hedging(null).build();
  }

  private static EvaluationCache cache(RedisConnection redis) {
    return redis.cache(EvaluationCache.inMemory(), Duration.ofDays(1));
  }

  private Map<String, Object> warmEvaluation(RedisProcess redis) {
    String prefix = "bench-warm:";
    Decision decision = Matrices.decision("Warm benchmark decision " + UUID.randomUUID(), 100, 50);
    Counting backend = new Counting();
    try (RedisConnection filling = RedisConnection.open(redis.url(), prefix); DecisionEngine engine = engine(backend, cache(filling))) {
      engine.evaluate(decision);
    }
    long filled = backend.calls.get();
    int rounds = quick ? 5 : 20;
    long[] millis = new long[rounds];
    long[] localMillis = new long[rounds];
    long callsAfterFill = 0;
    for (int r = 0; r < rounds; r++) {
      try (RedisConnection fresh = RedisConnection.open(redis.url(), prefix); DecisionEngine engine = engine(backend, cache(fresh))) {
        long start = System.nanoTime();
        Evaluation evaluation = engine.evaluate(decision);
        millis[r] = (System.nanoTime() - start) / 1_000_000;
        if (!evaluation.isComplete()) {
          throw new IllegalStateException("the warm evaluation is incomplete");
        }
        // The floor: the same engine again, every judgment in its local cache, no Redis round trip.
        start = System.nanoTime();
        engine.evaluate(decision);
        localMillis[r] = (System.nanoTime() - start) / 1_000_000;
      }
      callsAfterFill = backend.calls.get() - filled;
    }
    long[] localSorted = localMillis.clone();
    Arrays.sort(localSorted);
    long first = millis[0];
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    long median = sorted[rounds / 2];
    table.add(String.format(Locale.ROOT, "| warm 100x50 from Redis, fresh engine + connection | first %d ms, median %d ms, %d LLM calls | <= 250 ms, 0 calls |",
        first, median, callsAfterFill));
    table.add(String.format(Locale.ROOT, "| the same engine again, all 5,000 judgments in its local cache (the floor) | median %d ms | - |",
        localSorted[rounds / 2]));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cells", 5000);
    m.put("fillCalls", filled);
    m.put("firstMs", first);
    m.put("medianMs", median);
    m.put("runsMs", millis);
    m.put("localMedianMs", localSorted[rounds / 2]);
    m.put("llmCalls", callsAfterFill);
    return m;
  }

  private Map<String, Object> twoEngines(RedisProcess redis) throws Exception {
    Duration latency = Duration.ofMillis(quick ? 20 : 50);
    try (LlmSimulator sim = LlmSimulator.builder().latency(latency).start();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      LlmBackend backend = OpenAiBackend.builder().baseUrl(sim.baseUrl() + "/v1").apiKey("bench-key").model("bench-model")
          .requestTimeout(Duration.ofSeconds(60)).build();
      // Warm-up: connections and JIT, on a decision of its own.
      try (RedisConnection c = RedisConnection.open(redis.url(), "bench-two-warmup:"); DecisionEngine e = engine(backend, cache(c))) {
        e.evaluate(Matrices.decision("Warm-up " + UUID.randomUUID(), 20, 20));
      }
      sim.reset();
      long oneMs;
      long oneCalls;
      try (RedisConnection c = RedisConnection.open(redis.url(), "bench-one:"); DecisionEngine e = engine(backend, cache(c))) {
        Decision decision = Matrices.decision("One engine " + UUID.randomUUID(), 50, 20);
        long start = System.nanoTime();
        e.evaluate(decision);
        oneMs = (System.nanoTime() - start) / 1_000_000;
        oneCalls = sim.stats().requests();
      }
      sim.reset();
      Decision decision = Matrices.decision("Two engines " + UUID.randomUUID(), 50, 20);
      long twoMs;
      try (RedisConnection ca = RedisConnection.open(redis.url(), "bench-two:");
          RedisConnection cb = RedisConnection.open(redis.url(), "bench-two:");
          DecisionEngine a = engine(backend, cache(ca));
          DecisionEngine b = engine(backend, cache(cb))) {
        CountDownLatch go = new CountDownLatch(1);
        long start = System.nanoTime();
        CompletableFuture<Evaluation> onA = CompletableFuture.supplyAsync(() -> evaluateAfter(go, a, decision), threads);
        CompletableFuture<Evaluation> onB = CompletableFuture.supplyAsync(() -> evaluateAfter(go, b, decision), threads);
        go.countDown();
        if (!onA.get().isComplete() || !onB.get().isComplete()) {
          throw new IllegalStateException("an evaluation of the two engines is incomplete");
        }
        twoMs = (System.nanoTime() - start) / 1_000_000;
      }
      long twoCalls = sim.stats().requests();
      double ratio = (double) twoMs / oneMs;
      table.add(String.format(Locale.ROOT, "| two engines, same 50x20 at once (L = %d ms, C = 64 each) | %d LLM calls, wall %d ms = %.2fx one engine (%d ms, %d calls) | 1,000 calls, <= 1.2x |",
          latency.toMillis(), twoCalls, twoMs, ratio, oneMs, oneCalls));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("latencyMs", latency.toMillis());
      m.put("oneEngineMs", oneMs);
      m.put("oneEngineCalls", oneCalls);
      m.put("twoEnginesMs", twoMs);
      m.put("twoEnginesCalls", twoCalls);
      m.put("ratio", ratio);
      return m;
    }
  }

  private static Evaluation evaluateAfter(CountDownLatch go, DecisionEngine engine, Decision decision) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return engine.evaluate(decision, null, EvaluationOptions.defaults());
  }

  private Map<String, Object> storeEdits(RedisProcess redis) throws Exception {
    int clients = 20;
    int editsEach = quick ? 100 : 500;
    List<RedisConnection> connections = new ArrayList<>();
    List<DecisionStore> stores = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      RedisConnection c = RedisConnection.open(redis.url(), "bench-store:");
      connections.add(c);
      stores.add(c.store(StoreOptions.defaults()));
    }
    try {
      Decision decision = Matrices.decision("Store benchmark", 10, 8);
      Instant now = Instant.now();
      stores.getFirst().save(new Session("bench", decision, Evaluation.empty(decision), SessionSettings.DEFAULTS, now, now));
      long before = retries(stores);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        DecisionStore store = stores.get(i);
        int client = i;
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            go.await();
            for (int e = 0; e < editsEach; e++) {
              store.apply("bench", new SessionCommand.SetWeight("Criterion " + (e % 8), 1 + (client + e) % 9));
            }
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long ops = (long) clients * editsEach;
      long retries = retries(stores) - before;
      long revision = stores.getFirst().get("bench").orElseThrow().revision();
      double perSecond = ops / seconds;
      double retryRate = (double) retries / ops;
      table.add(String.format(Locale.ROOT, "| small edits on one session, %d clients x %d | %.0f ops/s, %d conflict retries (%.2f per edit), revision %d | report |",
          clients, editsEach, perSecond, retries, retryRate, revision));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("edits", ops);
      m.put("seconds", seconds);
      m.put("opsPerSecond", perSecond);
      m.put("conflictRetries", retries);
      m.put("retriesPerEdit", retryRate);
      m.put("finalRevision", revision);
      return m;
    } finally {
      connections.forEach(RedisConnection::close);
    }
  }

  private static long retries(List<DecisionStore> stores) {
    return stores.stream().mapToLong(RedisConnection::conflictRetries).sum();
  }
}
