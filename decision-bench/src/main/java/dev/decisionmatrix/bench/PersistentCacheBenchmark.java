package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.cache.PersistentEvaluationCache;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the persistent judgment cache costs and what it buys: a decision (100x50 by default) judged
 * through the OpenAI-compatible backend over loopback HTTP against {@link LlmSimulator}, once with
 * the in-memory cache and once with {@link EvaluationCache#persistent} on an empty directory,
 * alternating, several times; the bytes the persistent cache writes per judgment; how long it takes
 * to open a full cache file; and a restarted engine answering the same decision from the file.
 *
 * <p>Prints a Markdown table and writes {@code persistent-cache.json} under {@code
 * decision-bench/target/bench/}. Run with {@code java -cp decision-bench/target/benchmarks.jar
 * dev.decisionmatrix.bench.PersistentCacheBenchmark --help}.
 */
public final class PersistentCacheBenchmark {

  private record Settings(Duration latency, int concurrency, int options, int criteria, int runs, int fullEntries, Path out) {}

  /** One evaluation with one cache. */
  private record Run(double wallMs, double flushMs, double closeMs, long bytesWritten, long fileBytes, long calls) {}

  private final Settings settings;
  private final List<String> table = new ArrayList<>();
  private int topicCounter;

  private PersistentCacheBenchmark(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    Settings settings = parse(args);
    if (settings != null) {
      new PersistentCacheBenchmark(settings).run();
    }
  }

  private static Settings parse(String[] args) {
    Duration latency = Duration.ofMillis(50);
    int concurrency = 64;
    int options = 100;
    int criteria = 50;
    int runs = 5;
    int fullEntries = 100_000;
    Path out = Files.isDirectory(Path.of("decision-bench")) ? Path.of("decision-bench", "target", "bench") : Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(args[++i]));
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--options" -> options = Integer.parseInt(args[++i]);
        case "--criteria" -> criteria = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--full-entries" -> fullEntries = Integer.parseInt(args[++i]);
        case "--quick" -> {
          runs = 1;
          fullEntries = 20_000;
        }
        case "--out" -> out = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println("""
              Usage: java -cp benchmarks.jar dev.decisionmatrix.bench.PersistentCacheBenchmark [options]
                --latency-ms L      simulated LLM latency per call (default 50)
                --concurrency C     engine concurrency limit (default 64)
                --options N         options of the decision (default 100)
                --criteria N        criteria of the decision (default 50)
                --runs N            evaluations per cache, alternating in-memory and persistent (default 5)
                --full-entries N    judgments in the file whose opening is timed (default 100000, the default limit)
                --quick             one run each and a 20000-judgment file: about 15 s
                --out DIR           where to write persistent-cache.json (default decision-bench/target/bench)""");
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
      }
    }
    return new Settings(latency, concurrency, options, criteria, runs, fullEntries, out);
  }

  private void run() throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    Path scratch = Files.createTempDirectory("persistent-cache-bench");
    try (LlmSimulator sim = LlmSimulator.builder().latency(settings.latency()).start();
        OpenAiBackend backend = OpenAiBackend.builder().baseUrl(sim.baseUrl() + "/v1").apiKey("bench-key").model("bench-model")
            .requestTimeout(Duration.ofSeconds(60)).build()) {
      int cells = settings.options() * settings.criteria();
      json.put("machine", machine());
      json.put("latencyMs", settings.latency().toMillis());
      json.put("concurrency", settings.concurrency());
      json.put("cells", cells);
      warmUp(backend, scratch);

      List<Run> memory = new ArrayList<>();
      List<Run> persistent = new ArrayList<>();
      Path lastDirectory = null;
      Decision lastDecision = null;
      for (int r = 0; r < settings.runs(); r++) {
        // Alternating, so drift on a shared machine hits both alike.
        memory.add(evaluate(backend, sim, fresh(), null));
        lastDirectory = scratch.resolve("run-" + r);
        lastDecision = fresh();
        persistent.add(evaluate(backend, sim, lastDecision, lastDirectory));
      }
      table.add("| cache | cells | LLM calls | wall ms (median) | wall ms (each run) | notes |");
      table.add("|---|---:|---:|---:|---|---|");
      row("in memory", cells, memory, "");
      Run p = persistent.get(persistent.size() / 2);
      row("persistent, empty directory", cells, persistent, String.format(Locale.ROOT,
          "then flush %.1f ms, close %.1f ms; %d bytes written per judgment, file %d bytes per judgment",
          median(persistent, Run::flushMs), median(persistent, Run::closeMs), p.bytesWritten() / cells, p.fileBytes() / cells));
      double memoryMs = median(memory, Run::wallMs);
      double persistentMs = median(persistent, Run::wallMs);
      json.put("inMemory", runs(memory));
      json.put("persistent", runs(persistent));
      json.put("wallMsInMemory", round(memoryMs));
      json.put("wallMsPersistent", round(persistentMs));
      json.put("persistentOverInMemory", round(persistentMs / memoryMs));
      json.put("bytesWrittenPerJudgment", persistent.stream().map(x -> x.bytesWritten() / cells).toList());
      json.put("fileBytesPerJudgment", persistent.stream().map(x -> x.fileBytes() / cells).toList());
      json.put("restart", restart(backend, sim, lastDirectory, lastDecision));
      json.put("zeroLatency", zeroLatency(scratch));
      json.put("openFullFile", openFull(scratch.resolve("full")));
    } finally {
      deleteTree(scratch);
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Persistent judgment cache: %dx%d decision, L = %d ms, C = %d, OpenAI-compatible backend over loopback HTTP, %s%n%n",
        settings.options(), settings.criteria(), settings.latency().toMillis(), settings.concurrency(), machine());
    table.forEach(System.out::println);
    Files.createDirectories(settings.out());
    Path file = settings.out().resolve("persistent-cache.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    System.out.println();
    System.out.println("JSON written to " + file);
  }

  private Decision fresh() {
    return Matrices.decision("Cache benchmark decision " + (++topicCounter) + " at " + Instant.now(), settings.options(), settings.criteria());
  }

  private DecisionEngine engine(OpenAiBackend backend, EvaluationCache cache) {
    return DecisionEngine.builder(backend).cache(cache).maxConcurrency(settings.concurrency()).deadline(Duration.ofMinutes(10)).build();
  }

  /** JIT and connections warm for both kinds of cache before anything is measured. */
  private void warmUp(OpenAiBackend backend, Path scratch) {
    for (int i = 0; i < 3; i++) {
      try (DecisionEngine engine = engine(backend, EvaluationCache.inMemory())) {
        engine.evaluate(Matrices.decision("Warm-up " + i + " at " + Instant.now(), 20, 20));
      }
      try (PersistentEvaluationCache cache = EvaluationCache.persistent(scratch.resolve("warm-up-" + i));
          DecisionEngine engine = engine(backend, cache)) {
        engine.evaluate(Matrices.decision("Warm-up persistent " + i + " at " + Instant.now(), 20, 20));
      }
    }
  }

  /** One evaluation of a fresh decision; with a directory, on a persistent cache that is flushed and closed after. */
  private Run evaluate(OpenAiBackend backend, LlmSimulator sim, Decision decision, Path directory) {
    EvaluationCache cache = directory == null ? EvaluationCache.inMemory() : EvaluationCache.persistent(directory);
    sim.reset();
    long start = System.nanoTime();
    try (DecisionEngine engine = engine(backend, cache)) {
      Evaluation evaluation = engine.evaluate(decision);
      if (evaluation.counts().scored() != decision.cellCount()) {
        throw new IllegalStateException(evaluation.counts().scored() + " of " + decision.cellCount() + " cells scored");
      }
    }
    double wallMs = (System.nanoTime() - start) / 1e6;
    long calls = sim.stats().requests();
    if (!(cache instanceof PersistentEvaluationCache persistent)) {
      return new Run(wallMs, 0, 0, 0, 0, calls);
    }
    if (!persistent.isPersistent()) {
      throw new IllegalStateException("the cache could not use " + directory);
    }
    long t = System.nanoTime();
    persistent.flush();
    double flushMs = (System.nanoTime() - t) / 1e6;
    t = System.nanoTime();
    persistent.close();
    double closeMs = (System.nanoTime() - t) / 1e6;
    return new Run(wallMs, flushMs, closeMs, persistent.bytesWritten(), directorySize(directory), calls);
  }

  /** A new cache and engine on the directory of the last run, as after a restart: every cell from the file. */
  private Map<String, Object> restart(OpenAiBackend backend, LlmSimulator sim, Path directory, Decision decision) {
    sim.reset();
    long t = System.nanoTime();
    Evaluation again;
    double openMs;
    try (PersistentEvaluationCache cache = EvaluationCache.persistent(directory)) {
      cache.stats(); // waits until the file is read
      openMs = (System.nanoTime() - t) / 1e6;
      try (DecisionEngine engine = engine(backend, cache)) {
        again = engine.evaluate(decision);
      }
    }
    double totalMs = (System.nanoTime() - t) / 1e6;
    long calls = sim.stats().requests();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("openMs", round(openMs));
    out.put("openAndEvaluateMs", round(totalMs));
    out.put("calls", calls);
    out.put("cacheHits", again.stats().cacheHits());
    table.add(String.format(Locale.ROOT, "| persistent, after a restart | %d | %d | %.1f | | reading the file %.1f ms, then %d cache hits: 0 calls expected |",
        decision.cellCount(), calls, totalMs, openMs, again.stats().cacheHits()));
    return out;
  }

  /**
   * The CPU the persistent cache adds, with nothing to hide it behind: the same decision judged by an
   * in-process backend that answers at once, with each cache, until every judgment is written.
   */
  private Map<String, Object> zeroLatency(Path scratch) {
    int cells = settings.options() * settings.criteria();
    List<Double> memory = new ArrayList<>();
    List<Double> persistent = new ArrayList<>();
    for (int r = 0; r < Math.max(5, settings.runs()) + 2; r++) {
      Decision decision = Matrices.decision("Zero latency " + r + " at " + Instant.now(), settings.options(), settings.criteria());
      long t = System.nanoTime();
      try (DecisionEngine engine = DecisionEngine.builder(Matrices.instant()).cache(EvaluationCache.inMemory()).maxConcurrency(settings.concurrency()).build()) {
        engine.evaluate(decision);
      }
      double memoryMs = (System.nanoTime() - t) / 1e6;
      Decision other = Matrices.decision("Zero latency persistent " + r + " at " + Instant.now(), settings.options(), settings.criteria());
      t = System.nanoTime();
      try (PersistentEvaluationCache cache = EvaluationCache.persistent(scratch.resolve("zero-" + r));
          DecisionEngine engine = DecisionEngine.builder(Matrices.instant()).cache(cache).maxConcurrency(settings.concurrency()).build()) {
        engine.evaluate(other);
        cache.flush();
      }
      double persistentMs = (System.nanoTime() - t) / 1e6;
      if (r >= 2) { // the first two warm the JIT
        memory.add(memoryMs);
        persistent.add(persistentMs);
      }
    }
    double m = memory.stream().sorted().toList().get(memory.size() / 2);
    double p = persistent.stream().sorted().toList().get(persistent.size() / 2);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("wallMsInMemory", round(m));
    out.put("wallMsPersistentUntilWrittenAndClosed", round(p));
    out.put("extraMicrosPerJudgment", round((p - m) * 1000 / cells));
    table.add(String.format(Locale.ROOT, "| zero-latency in-process backend: in memory / persistent | %d | | %.1f / %.1f | | %.1f us more per judgment (writing, opening and closing the file included) |",
        cells, m, p, (p - m) * 1000 / cells));
    return out;
  }

  /** Opening a file that holds as many judgments as the default limit allows: the start-up cost of reading it whole. */
  private Map<String, Object> openFull(Path directory) {
    int n = settings.fullEntries();
    long writeStart = System.nanoTime();
    try (PersistentEvaluationCache cache = EvaluationCache.persistent(directory, n, Duration.ofDays(7))) {
      for (int i = 0; i < n; i++) {
        cache.put(CacheKey.builder().field("full", i).build(), Judgment.Scored.of(1 + i % 10, Matrices.REASONING, 0.8));
      }
    }
    double writeMs = (System.nanoTime() - writeStart) / 1e6;
    long fileBytes = directorySize(directory);
    List<Double> opens = new ArrayList<>();
    long held = 0;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      try (PersistentEvaluationCache cache = EvaluationCache.persistent(directory, n, Duration.ofDays(7))) {
        held = cache.stats().size(); // waits until the file is read
        opens.add((System.nanoTime() - t) / 1e6);
      }
    }
    double openMs = opens.stream().sorted().toList().get(opens.size() / 2);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("judgments", n);
    out.put("held", held);
    out.put("fileBytes", fileBytes);
    out.put("writeAllAndCloseMs", round(writeMs));
    out.put("openMs", round(openMs));
    out.put("openMsEachRun", opens.stream().map(PersistentCacheBenchmark::round).toList());
    table.add(String.format(Locale.ROOT, "| read a file of %,d judgments | | | %.0f | | %.1f MB on disk; all %,d read into memory, in the background |",
        n, openMs, fileBytes / 1048576.0, held));
    return out;
  }

  private void row(String name, int cells, List<Run> runs, String notes) {
    table.add(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %s | %s |", name, cells, runs.getLast().calls(), median(runs, Run::wallMs),
        String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.wallMs())).toList()), notes));
  }

  private static List<Map<String, Object>> runs(List<Run> runs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wallMs", round(r.wallMs()));
      m.put("flushMs", round(r.flushMs()));
      m.put("closeMs", round(r.closeMs()));
      m.put("bytesWritten", r.bytesWritten());
      m.put("fileBytes", r.fileBytes());
      m.put("calls", r.calls());
      out.add(m);
    }
    return out;
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static long directorySize(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java "
        + Runtime.version();
  }
}
