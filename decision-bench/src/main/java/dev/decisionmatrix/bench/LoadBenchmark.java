package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.backends.anthropic.AnthropicBackend;
import dev.decisionmatrix.backends.ollama.OllamaBackend;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.engine.RunningEvaluation;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.judge.JudgmentParser;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import dev.decisionmatrix.store.SessionSettings;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.testkit.LatencyModel;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Overflow;
import dev.decisionmatrix.testkit.SimStats;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jol.info.GraphLayout;

/**
 * The end-to-end load benchmark: decisions of several sizes judged through a real backend over
 * loopback HTTP against {@link LlmSimulator} with a fixed latency L, under an engine limit C. The
 * lower bound for N cells is {@code ceil(N / C) * L}; everything above it is the engine's overhead.
 *
 * <p>Prints a Markdown table and writes JSON under {@code decision-bench/target/bench/}. Run with
 * {@code java -cp decision-bench/target/benchmarks.jar dev.decisionmatrix.bench.LoadBenchmark --help}.
 */
public final class LoadBenchmark {

  private static final Map<String, int[]> SIZES = new LinkedHashMap<>();

  static {
    SIZES.put("small", new int[] {3, 4});
    SIZES.put("medium", new int[] {10, 8});
    SIZES.put("large", new int[] {50, 20});
    SIZES.put("stress", new int[] {100, 50});
  }

  private final Settings settings;
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> table = new ArrayList<>();
  private int topicCounter;
  private LlmBackend backend;
  private DecisionEngine engine;

  private LoadBenchmark(Settings settings) {
    this.settings = settings;
  }

  record Settings(Duration latency, int concurrency, List<String> sizes, String backend, boolean quick, String only, Path out) {}

  public static void main(String[] args) throws Exception {
    // JOL cannot ask Unsafe for field offsets of records on recent JDKs; this mode works around it.
    System.setProperty("jol.magicFieldOffset", "true");
    Settings settings = parse(args);
    if (settings == null) {
      return;
    }
    new LoadBenchmark(settings).run();
  }

  private static Settings parse(String[] args) {
    Duration latency = Duration.ofMillis(50);
    int concurrency = 64;
    List<String> sizes = new ArrayList<>(SIZES.keySet());
    String backend = "openai";
    boolean quick = false;
    String only = "";
    Path out = Files.isDirectory(Path.of("decision-bench")) ? Path.of("decision-bench", "target", "bench") : Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(args[++i]));
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--sizes" -> sizes = Arrays.asList(args[++i].split(","));
        case "--backend" -> backend = args[++i];
        case "--quick" -> quick = true;
        case "--faults-only" -> only = "faults";
        case "--only" -> only = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println("""
              Usage: java -cp benchmarks.jar dev.decisionmatrix.bench.LoadBenchmark [options]
                --latency-ms L     simulated LLM latency per call (default 50)
                --concurrency C    engine concurrency limit (default 64)
                --sizes a,b        any of small (3x4), medium (10x8), large (50x20), stress (100x50); default all
                --backend NAME     openai | anthropic | ollama (default openai)
                --quick            one pass, no warm-up (the fault scenarios still take a few minutes)
                --faults-only      only the fault scenarios (50x20 at C = 4: healthy, hangs/500s/resets, fully down)
                --only NAME        only one group: faults, batched (50x20 at 20 criteria per call), or out-of-the-box (the server's default limits
                                   beside fixed ones, against providers that serve 64 or 16 at once)
                --out DIR          where to write load.json (default decision-bench/target/bench)""");
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option " + arg + "; see --help");
      }
    }
    for (String s : sizes) {
      if (!SIZES.containsKey(s)) {
        throw new IllegalArgumentException("unknown size " + s + "; use small, medium, large or stress");
      }
    }
    if (!List.of("", "faults", "out-of-the-box", "batched").contains(only)) {
      throw new IllegalArgumentException("unknown group " + only + " for --only; use faults, out-of-the-box or batched");
    }
    return new Settings(latency, concurrency, sizes, backend, quick, only, out);
  }

  private void run() throws Exception {
    long l = settings.latency().toMillis();
    try (LlmSimulator sim = LlmSimulator.builder().latency(settings.latency()).start()) {
      json.put("machine", machine());
      json.put("latencyMs", l);
      json.put("concurrency", settings.concurrency());
      json.put("backend", settings.backend());
      json.put("quick", settings.quick());
      // One backend and one engine for the whole run, as a server would hold them: connections and
      // JIT are warm, and every scenario uses fresh topics so nothing is answered from the cache.
      backend = backend(sim);
      engine = engine(backend, settings.concurrency());
      warmUp(sim);
      table.add("| scenario | cells | calls | wall ms | direct ms | bound ms | wall/bound | bytes/cell | p50 ms | p99 ms | notes |");
      table.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
      if (settings.only().equals("faults")) {
        json.put("faults", new FaultScenarios(sim, table).run());
        print(l);
        return;
      }
      if (settings.only().equals("out-of-the-box")) {
        json.put("outOfTheBox", outOfTheBox(sim));
        print(l);
        return;
      }
      if (settings.only().equals("batched")) {
        json.put("batched", batched());
        print(l);
        return;
      }
      List<Map<String, Object>> sizes = new ArrayList<>();
      for (String size : settings.sizes()) {
        sizes.add(size(sim, size));
      }
      json.put("sizes", sizes);
      json.put("concurrentDecisions", concurrentDecisions(sim));
      json.put("headOfLine", headOfLine(sim));
      json.put("rateLimited", rateLimited(sim));
      json.put("outOfTheBox", outOfTheBox(sim));
      json.put("announcedLimits", announcedLimits(sim));
      json.put("batched", batched());
      json.put("durableJudgments", durableJudgments(sim));
      json.put("memory", memory());
      json.put("faults", new FaultScenarios(sim, table).run());
    } finally {
      if (engine != null) {
        engine.close();
      }
      if (backend instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    print(l);
  }

  private void print(long l) throws IOException {
    System.out.println();
    System.out.printf(Locale.ROOT, "Load benchmark: L = %d ms, C = %d, backend %s over loopback HTTP, %s%n%n",
        l, settings.concurrency(), settings.backend(), machine());
    table.forEach(System.out::println);
    Files.createDirectories(settings.out());
    Path file = settings.out().resolve("load.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    System.out.println();
    System.out.println("JSON written to " + file);
  }

  private LlmBackend backend(LlmSimulator sim) {
    Duration timeout = Duration.ofSeconds(60);
    return switch (settings.backend()) {
      case "openai" -> OpenAiBackend.builder().baseUrl(sim.baseUrl() + "/v1").apiKey("bench-key").model("bench-model").requestTimeout(timeout).build();
      case "anthropic" -> AnthropicBackend.builder().baseUrl(sim.baseUrl()).apiKey("bench-key").model("bench-model").requestTimeout(timeout).build();
      case "ollama" -> OllamaBackend.builder().baseUrl(sim.baseUrl()).model("bench-model").requestTimeout(timeout).build();
      default -> throw new IllegalArgumentException("unknown backend " + settings.backend() + "; use openai, anthropic or ollama");
    };
  }

  private DecisionEngine engine(LlmBackend backend, int concurrency) {
    return DecisionEngine.builder(backend).maxConcurrency(concurrency).deadline(Duration.ofMinutes(10)).build();
  }

  private Decision fresh(int options, int criteria) {
    return Matrices.decision("Benchmark decision " + (++topicCounter) + " at " + Instant.now(), options, criteria);
  }

  private long bound(int cells, int concurrency) {
    return (long) Math.ceil((double) cells / concurrency) * settings.latency().toMillis();
  }

  private void warmUp(LlmSimulator sim) {
    for (int i = 0; i < (settings.quick() ? 1 : 4); i++) {
      engine.evaluate(fresh(20, 20));
    }
    sim.reset();
  }

  private Map<String, Object> size(LlmSimulator sim, String size) throws InterruptedException {
    int[] shape = SIZES.get(size);
    int cells = shape[0] * shape[1];
    int c = settings.concurrency();
    // Small sizes are cheap and noisy: more runs for a stable median.
    int runs = settings.quick() ? 1 : cells <= 100 ? 7 : 3;
    Map<String, Object> row = new LinkedHashMap<>();
    List<Double> walls = new ArrayList<>();
    List<Double> directWalls = new ArrayList<>();
    Evaluation evaluation = null;
    long[] sorted = new long[0];
    SimStats stats = null;
    for (int run = 0; run < runs; run++) {
      Decision decision = fresh(shape[0], shape[1]);
      directWalls.add(direct(decision) / 1e6);
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      sim.reset();
      long start = System.nanoTime();
      evaluation = engine.evaluate(decision, null,
          EvaluationOptions.builder().listener((cell, p) -> latencies.add(cell.latency().toNanos())).build());
      walls.add((System.nanoTime() - start) / 1e6);
      stats = sim.stats();
      sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    double wallMs = median(walls);
    double directMs = median(directWalls);
    long bound = bound(cells, c);
    long heap = GraphLayout.parseInstance(evaluation).totalSize();
    row.put("size", size);
    row.put("options", shape[0]);
    row.put("criteria", shape[1]);
    row.put("cells", cells);
    row.put("runs", runs);
    row.put("scored", evaluation.counts().scored());
    row.put("calls", stats.requests());
    row.put("wallMs", round(wallMs));
    row.put("wallMsEachRun", walls);
    row.put("directWallMs", round(directMs));
    row.put("boundMs", bound);
    row.put("wallOverBound", round(wallMs / bound));
    row.put("wallOverDirect", round(wallMs / directMs));
    row.put("overheadMs", round(wallMs - bound));
    row.put("requestBytesPerCell", stats.bytesReceived() / Math.max(1, cells));
    row.put("p50CellMs", round(percentile(sorted, 0.50) / 1e6));
    row.put("p99CellMs", round(percentile(sorted, 0.99) / 1e6));
    row.put("retainedHeapBytes", heap);
    table.add(String.format(Locale.ROOT, "| %s %dx%d | %d | %d | %.1f | %.1f | %d | %.3f | %d | %.1f | %.1f | retained %s |", size, shape[0], shape[1], cells,
        stats.requests(), wallMs, directMs, bound, wallMs / bound, stats.bytesReceived() / Math.max(1, cells), percentile(sorted, 0.5) / 1e6,
        percentile(sorted, 0.99) / 1e6, bytes(heap)));
    if (size.equals("stress")) {
      row.put("followUps", followUps(sim, evaluation));
    }
    return row;
  }

  /** The transport floor of a decision with this run's backend and C; see {@link Matrices#direct}. */
  private long direct(Decision decision) throws InterruptedException {
    return Matrices.direct(backend, decision, settings.concurrency());
  }

  /** Criteria per call in the batched scenario. */
  private static final int BATCH = 20;

  /**
   * The batched judging mode against a simulator whose answers take longer the more cells they
   * judge (L for one cell, plus L/5 for each further one): 50x20 at 20 criteria per call beside the
   * same decision judged one cell per call, on the same simulator and C. The batched bound is
   * ceil(50 / C) x L_batch, where L_batch is the latency of a 20-cell answer.
   */
  private Map<String, Object> batched() {
    Duration l = settings.latency();
    Duration further = l.dividedBy(5);
    Duration lBatch = l.plus(further.multipliedBy(BATCH - 1));
    int c = settings.concurrency();
    int runs = settings.quick() ? 1 : 3;
    List<Map<String, Object>> rows = new ArrayList<>();
    try (LlmSimulator sim = LlmSimulator.builder().latency(LatencyModel.perCell(l, further)).start()) {
      LlmBackend own = backend(sim);
      try (DecisionEngine batchedEngine = engine(own, c)) {
        for (int i = 0; i < (settings.quick() ? 1 : 4); i++) { // warm-up, as for the other scenarios
          batchedEngine.evaluate(fresh(50, 20), null, EvaluationOptions.builder().batchCriteria(BATCH).build());
        }
        batchedEngine.evaluate(fresh(10, 20));
        for (int perCall : new int[] {BATCH, 1}) {
          List<Double> walls = new ArrayList<>();
          SimStats stats = null;
          Evaluation evaluation = null;
          for (int run = 0; run < runs; run++) {
            Decision decision = fresh(50, 20);
            sim.reset();
            long start = System.nanoTime();
            evaluation = batchedEngine.evaluate(decision, null, EvaluationOptions.builder().batchCriteria(perCall).build());
            walls.add((System.nanoTime() - start) / 1e6);
            stats = sim.stats();
          }
          double wall = median(walls);
          int calls = perCall == 1 ? 1000 : 50;
          long bound = (long) Math.ceil((double) calls / c) * (perCall == 1 ? l : lBatch).toMillis();
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("criteriaPerCall", perCall);
          row.put("scored", evaluation.counts().scored());
          row.put("calls", stats.requests());
          row.put("wallMs", round(wall));
          row.put("wallMsEachRun", walls);
          row.put("boundMs", bound);
          row.put("wallOverBound", round(wall / bound));
          row.put("requestBytesPerCell", stats.bytesReceived() / 1000);
          row.put("inputTokens", stats.inputTokens());
          row.put("outputTokens", stats.outputTokens());
          rows.add(row);
          table.add(String.format(Locale.ROOT, "| batched 50x20, %d criteria per call | 1000 | %d | %.1f | - | %d | %.3f | %d | - | - | %s |",
              perCall, stats.requests(), wall, bound, wall / bound, stats.bytesReceived() / 1000,
              "tokens in " + stats.inputTokens() + ", out " + stats.outputTokens() + "; L_batch " + lBatch.toMillis() + " ms"));
        }
      } finally {
        if (own instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("latencyMs", l.toMillis());
    out.put("furtherCellMs", further.toMillis());
    out.put("batchLatencyMs", lBatch.toMillis());
    out.put("rows", rows);
    return out;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** Warm re-evaluation, re-weighting + re-ranking, and adding one option, on the evaluated stress decision. */
  private Map<String, Object> followUps(LlmSimulator sim, Evaluation evaluation) {
    Map<String, Object> out = new LinkedHashMap<>();
    Decision decision = evaluation.decision();
    // Warm re-evaluation of the unchanged decision, with no previous evaluation: every cell from the cache.
    long best = Long.MAX_VALUE;
    Evaluation warm = null;
    sim.reset();
    for (int i = 0; i < (settings.quick() ? 3 : 10); i++) {
      long t = System.nanoTime();
      warm = engine.evaluate(decision);
      best = Math.min(best, System.nanoTime() - t);
    }
    out.put("warmReevaluationMs", round(best / 1e6));
    out.put("warmReevaluationCalls", sim.stats().requests());
    out.put("warmCacheHitRatio", round(warm.stats().cacheHitRatio()));
    table.add(String.format(Locale.ROOT, "| stress: warm re-evaluation | %d | %d | %.1f | | | | | | | cache hit ratio %.2f, 0 calls expected |",
        decision.cellCount(), sim.stats().requests(), best / 1e6, warm.stats().cacheHitRatio()));
    // Re-weight and re-rank.
    sim.reset();
    long bestRe = Long.MAX_VALUE;
    for (int i = 0; i < (settings.quick() ? 5 : 20); i++) {
      long t = System.nanoTime();
      Decision reweighted = decision.withWeight("Criterion 0", 1 + (i % 9)).withWeight("Criterion 7", 10 - (i % 9));
      Evaluation moved = engine.evaluate(reweighted, evaluation, EvaluationOptions.defaults());
      Ranking ranking = Ranking.weightedSum(moved);
      if (ranking.options().isEmpty()) {
        throw new IllegalStateException("empty ranking");
      }
      bestRe = Math.min(bestRe, System.nanoTime() - t);
    }
    out.put("reweightRerankMs", round(bestRe / 1e6));
    out.put("reweightRerankCalls", sim.stats().requests());
    table.add(String.format(Locale.ROOT, "| stress: re-weight + re-rank | %d | %d | %.2f | | | | | | | 0 calls expected |",
        decision.cellCount(), sim.stats().requests(), bestRe / 1e6));
    // Add one option.
    sim.reset();
    Decision grown = decision.withOption(Option.of("Newcomer", "Added after the first evaluation."));
    long t = System.nanoTime();
    Evaluation added = engine.evaluate(grown, evaluation, EvaluationOptions.defaults());
    double addMs = (System.nanoTime() - t) / 1e6;
    out.put("addOptionCalls", sim.stats().requests());
    out.put("addOptionMs", round(addMs));
    out.put("addOptionComplete", added.isComplete());
    table.add(String.format(Locale.ROOT, "| stress: add one option | %d | %d | %.1f | | %d | %.3f | | | | one call per criterion expected |",
        decision.criteria().size(), sim.stats().requests(), addMs, bound(decision.criteria().size(), settings.concurrency()),
        addMs / bound(decision.criteria().size(), settings.concurrency())));
    return out;
  }

  private Map<String, Object> concurrentDecisions(LlmSimulator sim) throws Exception {
    int count = 50;
    int c = settings.concurrency();
    Map<String, Object> out = new LinkedHashMap<>();
    {
      List<Decision> decisions = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        decisions.add(fresh(10, 8));
      }
      sim.reset();
      long start = System.nanoTime();
      List<CompletableFuture<Evaluation>> results = new ArrayList<>();
      for (Decision d : decisions) {
        results.add(engine.start(d, null, EvaluationOptions.defaults()).result());
      }
      int scored = 0;
      for (CompletableFuture<Evaluation> r : results) {
        scored += r.get(10, TimeUnit.MINUTES).counts().scored();
      }
      double wallMs = (System.nanoTime() - start) / 1e6;
      long bound = bound(count * 80, c);
      out.put("decisions", count);
      out.put("cells", count * 80);
      out.put("scored", scored);
      out.put("calls", sim.stats().requests());
      out.put("maxInFlight", sim.stats().maxInFlight());
      out.put("wallMs", round(wallMs));
      out.put("boundMs", bound);
      out.put("wallOverBound", round(wallMs / bound));
      table.add(String.format(Locale.ROOT, "| 50 concurrent 10x8 decisions | %d | %d | %.1f | | %d | %.3f | | | | shared limit C |", count * 80,
          sim.stats().requests(), wallMs, bound, wallMs / bound));
    }
    return out;
  }

  private Map<String, Object> headOfLine(LlmSimulator sim) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    {
      CountDownLatch bigInFlight = new CountDownLatch(1);
      RunningEvaluation big = engine.start(fresh(100, 50), null,
          EvaluationOptions.builder().listener((cell, p) -> bigInFlight.countDown()).build());
      bigInFlight.await(1, TimeUnit.MINUTES);
      Decision small = fresh(3, 4);
      long start = System.nanoTime();
      Evaluation smallResult = engine.start(small, null, EvaluationOptions.defaults()).result().get(10, TimeUnit.MINUTES);
      double smallMs = (System.nanoTime() - start) / 1e6;
      boolean bigStillRunning = !big.isDone();
      Evaluation bigResult = big.result().get(10, TimeUnit.MINUTES);
      out.put("smallCompletionMs", round(smallMs));
      out.put("latencyMs", settings.latency().toMillis());
      out.put("smallOverLatency", round(smallMs / settings.latency().toMillis()));
      out.put("smallScored", smallResult.counts().scored());
      out.put("bigStillRunningWhenSmallFinished", bigStillRunning);
      out.put("bigScored", bigResult.counts().scored());
      table.add(String.format(Locale.ROOT, "| 3x4 submitted behind 100x50 | 12 | | %.1f | | %d (3 x L) | %.3f | | | | target: within 3 x L |", smallMs,
          3 * settings.latency().toMillis(), smallMs / (3 * settings.latency().toMillis())));
    }
    return out;
  }

  /**
   * The cost of durable judgments: the stress decision (50x20 in quick mode) evaluated into a file
   * store and merged, once without and once with the judgment journal, alternating; reports the
   * median walls and the bytes the journal wrote per judgment (its header excluded).
   */
  private Map<String, Object> durableJudgments(LlmSimulator sim) throws IOException {
    int[] shape = settings.quick() ? SIZES.get("large") : SIZES.get("stress");
    int cells = shape[0] * shape[1];
    int runs = settings.quick() ? 1 : 3;
    List<Double> plain = new ArrayList<>();
    List<Double> journaled = new ArrayList<>();
    long journalBytes = 0;
    long headerBytes = 0;
    Path dir = Files.createTempDirectory("decision-bench-journal");
    try (DecisionStore store = DecisionStore.files(dir, StoreOptions.defaults())) {
      for (int run = 0; run < runs; run++) {
        for (boolean withJournal : new boolean[] {false, true}) {
          Decision decision = fresh(shape[0], shape[1]);
          Session session = store.save(Session.create(decision, null, Instant.now()));
          sim.reset();
          long start = System.nanoTime();
          if (withJournal) {
            JudgmentJournal journal = store.journal(session.id(), decision);
            Evaluation result;
            try {
              result = engine.evaluate(decision, null, EvaluationOptions.builder().listener(journal).build());
            } finally {
              journal.close(); // flushes; not completed, so the file stays to be measured
            }
            try (var files = Files.list(dir)) {
              Path file = files.filter(f -> f.getFileName().toString().endsWith(".journal")).findFirst().orElseThrow();
              journalBytes = Files.size(file);
              try (var reader = Files.newBufferedReader(file)) {
                headerBytes = reader.readLine().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
              }
              Files.delete(file);
            }
            store.apply(session.id(), SessionCommand.merge(result));
            journaled.add((System.nanoTime() - start) / 1e6);
          } else {
            Evaluation result = engine.evaluate(decision);
            store.apply(session.id(), SessionCommand.merge(result));
            plain.add((System.nanoTime() - start) / 1e6);
          }
          store.delete(session.id());
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
    double without = median(plain);
    double with = median(journaled);
    long perJudgment = (journalBytes - headerBytes) / cells;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("options", shape[0]);
    out.put("criteria", shape[1]);
    out.put("runs", runs);
    out.put("withoutJournalWallMs", round(without));
    out.put("withJournalWallMs", round(with));
    out.put("journalBytes", journalBytes);
    out.put("journalHeaderBytes", headerBytes);
    out.put("journalBytesPerJudgment", perJudgment);
    table.add(String.format(Locale.ROOT, "| durable judgments %dx%d: file store + merge, without / with journal | %d | | %.1f / %.1f | | %d | | %d | | | journal %s, %+.1f %% wall |",
        shape[0], shape[1], cells, without, with, bound(cells, settings.concurrency()), perJudgment, bytes(journalBytes), (with / without - 1) * 100));
    return out;
  }

  private Map<String, Object> rateLimited(LlmSimulator sim) throws Exception {
    int capacity = 32;
    Duration retryAfter = Duration.ofMillis(200);
    Map<String, Object> out = new LinkedHashMap<>();
    sim.setCapacity(capacity, Overflow.REJECT);
    sim.setRetryAfter(retryAfter);
    // A fresh engine, so its adaptive limit starts at C and must find the provider's capacity.
    try (DecisionEngine limited = engine(backend, settings.concurrency())) {
      Decision decision = fresh(50, 20);
      sim.reset();
      long start = System.nanoTime();
      Evaluation evaluation = limited.evaluate(decision);
      double wallMs = (System.nanoTime() - start) / 1e6;
      SimStats stats = sim.stats();
      long bound = bound(decision.cellCount(), capacity);
      double share = (double) evaluation.counts().scored() / decision.cellCount();
      out.put("capacity", capacity);
      out.put("retryAfterMs", retryAfter.toMillis());
      out.put("cells", decision.cellCount());
      out.put("scoredShare", round(share));
      out.put("rateLimited429s", stats.rateLimited());
      out.put("calls", stats.requests());
      out.put("maxInFlight", stats.maxInFlight());
      out.put("wallMs", round(wallMs));
      out.put("boundMs", bound);
      out.put("wallOverBound", round(wallMs / bound));
      out.put("finalLimit", limited.concurrencyLimit(limited.defaultBackend().id()));
      table.add(String.format(Locale.ROOT, "| rate-limited: capacity 32, engine 64 (50x20) | %d | %d | %.1f | | %d | %.3f | | | | %.0f%% scored, %d x 429 |",
          decision.cellCount(), stats.requests(), wallMs, bound, wallMs / bound, share * 100, stats.rateLimited()));
    } finally {
      sim.removeCapacityLimit();
    }
    return out;
  }

  /**
   * The server's default configuration (each provider's limit starts at 16 and may climb to 64)
   * beside a fixed 16 (what a default install used to run at) and a tuned fixed 64, against a
   * provider that serves 64 at once; then the default against providers that serve only 16, one
   * queuing the rest (answers slow down) and one refusing them with 429. Each row uses a fresh
   * engine, as a freshly started server has.
   */
  private List<Map<String, Object>> outOfTheBox(LlmSimulator sim) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<int[]> shapes = settings.quick() ? List.of(new int[] {50, 20}) : List.of(new int[] {50, 20}, new int[] {100, 50});
    try {
      for (int[] shape : shapes) {
        sim.setCapacity(64, Overflow.QUEUE);
        rows.add(outOfTheBoxRow(sim, "default 16 -> 64", 64, 16, shape, 64, Overflow.QUEUE));
        rows.add(outOfTheBoxRow(sim, "fixed 16", 16, 16, shape, 64, Overflow.QUEUE));
        rows.add(outOfTheBoxRow(sim, "tuned fixed 64", 64, 64, shape, 64, Overflow.QUEUE));
      }
      rows.add(outOfTheBoxRow(sim, "default 16 -> 64", 64, 16, new int[] {50, 20}, 16, Overflow.QUEUE));
      rows.add(outOfTheBoxRow(sim, "default 16 -> 64", 64, 16, new int[] {50, 20}, 16, Overflow.REJECT));
    } finally {
      sim.removeCapacityLimit();
    }
    return rows;
  }

  private Map<String, Object> outOfTheBoxRow(LlmSimulator sim, String config, int ceiling, int initial, int[] shape, int capacity, Overflow overflow)
      throws Exception {
    sim.setCapacity(capacity, overflow);
    try (DecisionEngine fresh = DecisionEngine.builder(backend).maxConcurrency(ceiling).initialBackendConcurrency(initial)
        .deadline(Duration.ofMinutes(10)).build()) {
      Decision decision = fresh(shape[0], shape[1]);
      sim.reset();
      long start = System.nanoTime();
      Evaluation evaluation = fresh.evaluate(decision);
      double wallMs = (System.nanoTime() - start) / 1e6;
      SimStats stats = sim.stats();
      int cells = decision.cellCount();
      long bound = bound(cells, Math.min(ceiling, capacity));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("configuration", config);
      out.put("providerCapacity", capacity);
      out.put("overflow", overflow.name());
      out.put("cells", cells);
      out.put("scored", evaluation.counts().scored());
      out.put("calls", stats.requests());
      out.put("rateLimited429s", stats.rateLimited());
      out.put("maxInFlight", stats.maxInFlight());
      out.put("finalLimit", fresh.concurrencyLimit(fresh.defaultBackend().id()));
      out.put("wallMs", round(wallMs));
      out.put("boundMs", bound);
      out.put("wallOverBound", round(wallMs / bound));
      table.add(String.format(Locale.ROOT, "| out of the box: %s, provider serves %d%s (%dx%d) | %d | %d | %.1f | | %d | %.3f | | | | limit ends at %d, %d x 429 |",
          config, capacity, overflow == Overflow.QUEUE ? " and queues" : " and refuses", shape[0], shape[1], cells, stats.requests(), wallMs, bound,
          wallMs / bound, fresh.concurrencyLimit(fresh.defaultBackend().id()), stats.rateLimited()));
      return out;
    }
  }

  /**
   * A provider that announces a request budget in its rate-limit headers (100 requests a second
   * here, so the run is short) and refuses calls over it with 429: the engine paces its calls to the
   * announced budget. The bound is what the budget allows: one window per 100 calls after the first
   * 100, plus one latency. 429s are counted in the first window (before anything was announced) and
   * after it.
   */
  private Map<String, Object> announcedLimits(LlmSimulator sim) throws Exception {
    int perWindow = 100;
    Duration window = Duration.ofSeconds(1);
    Map<String, Object> out = new LinkedHashMap<>();
    sim.setRateLimit(new dev.decisionmatrix.testkit.RateLimit(perWindow, 1_000_000_000L, window));
    try (DecisionEngine paced = engine(backend, settings.concurrency())) {
      Decision decision = fresh(10, 40);
      sim.reset();
      long start = System.nanoTime();
      CompletableFuture<Long> firstWindow = CompletableFuture.supplyAsync(() -> {
        java.util.concurrent.locks.LockSupport.parkNanos(window.toNanos());
        return sim.stats().statusCount(429);
      });
      Evaluation evaluation = paced.evaluate(decision);
      double wallMs = (System.nanoTime() - start) / 1e6;
      long inFirstWindow = firstWindow.get();
      long total = sim.stats().statusCount(429);
      long cells = decision.cellCount();
      long bound = (long) ((Math.ceil((double) cells / perWindow) - 1) * window.toMillis() + settings.latency().toMillis());
      double share = (double) evaluation.counts().scored() / cells;
      out.put("requestsPerWindow", perWindow);
      out.put("windowMs", window.toMillis());
      out.put("cells", cells);
      out.put("scoredShare", round(share));
      out.put("rateLimited429sFirstWindow", inFirstWindow);
      out.put("rateLimited429sAfterFirstWindow", total - inFirstWindow);
      out.put("calls", sim.stats().requests());
      out.put("wallMs", round(wallMs));
      out.put("boundMs", bound);
      out.put("wallOverBound", round(wallMs / bound));
      table.add(String.format(Locale.ROOT, "| announced limits: 100 requests/s, engine 64 (10x40) | %d | %d | %.1f | | %d | %.3f | | | | %.0f%% scored, 429s: %d in the first window, %d after |",
          cells, sim.stats().requests(), wallMs, bound, wallMs / bound, share * 100, inFirstWindow, total - inFirstWindow));
    } finally {
      sim.setRateLimit(null);
    }
    return out;
  }

  /** Retained heap of evaluated decisions, built with an in-process backend (no network needed). */
  private Map<String, Object> memory() {
    Map<String, Object> out = new LinkedHashMap<>();
    try (DecisionEngine engine = DecisionEngine.builder(Matrices.instant()).maxConcurrency(64).build()) {
      Evaluation stress = engine.evaluate(Matrices.decision("Memory 100x50", 100, 50));
      long stressBytes = GraphLayout.parseInstance(stress).totalSize();
      DecisionStore store = DecisionStore.inMemory(StoreOptions.defaults().withMaxSessions(1000));
      for (int i = 0; i < 1000; i++) {
        Evaluation e = engine.evaluate(Matrices.decision("Memory decision " + i, 10, 8));
        store.save(Session.create(e.decision(), SessionSettings.DEFAULTS, Instant.now()).withEvaluation(e));
      }
      if (store.list().size() != 1000) {
        throw new IllegalStateException("the store holds " + store.list().size() + " sessions, expected 1000");
      }
      long thousandBytes = GraphLayout.parseInstance(store).totalSize();
      out.put("stressEvaluationBytes", stressBytes);
      out.put("thousandMediumSessionsInStoreBytes", thousandBytes);
      out.put("reasoningChars", Matrices.REASONING.length());
      table.add(String.format(Locale.ROOT, "| memory: one evaluated 100x50 | 5000 | | | | | | | | | retained %s |", bytes(stressBytes)));
      table.add(String.format(Locale.ROOT, "| memory: 1,000 evaluated 10x8 sessions in the store | 80000 | | | | | | | | | retained %s |", bytes(thousandBytes)));
    }
    return out;
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String bytes(long b) {
    return b >= 1 << 20 ? String.format(Locale.ROOT, "%.2f MB", b / 1048576.0) : String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java "
        + Runtime.version();
  }
}
