package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.dist.StdioClient;
import dev.decisionmatrix.testkit.LlmSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cold start of the MCP server as a host sees it: the server started as a fresh process (the plain
 * jar on the running JVM, and the distribution's launcher with its warm-start cache when it has been
 * built), driven over stdio. Measures the time from process start to the {@code initialize} answer,
 * the first 10x8 evaluation of the fresh process, and later 10x8 evaluations (new topics, so every
 * cell is judged again), against the bound {@code ceil(80 / C) x L} with the simulator at latency L
 * and the server's limit C. Targets: initialize <= 300 ms; first <= 1.5 x bound; later <= 1.2 x.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q package -DskipTests}:
 * {@code java -cp decision-bench/target/benchmarks.jar dev.decisionmatrix.bench.ColdStartBenchmark [--quick]}.
 * Prints a Markdown table and writes {@code decision-bench/target/bench/cold-start.json}.
 */
public final class ColdStartBenchmark {

  private static final Duration STEP = Duration.ofMinutes(2);
  private static final int OPTIONS = 10;
  private static final int CRITERIA = 8;

  private ColdStartBenchmark() {}

  /** One way to start the server: a name and its command line. */
  record Variant(String name, List<String> command) {}

  /** One fresh process: initialize, first evaluation, median of the later ones, in milliseconds. */
  record Run(double initializeMillis, double initializeCpuMillis, double firstMillis, double laterMillis) {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code --quick}, {@code --runs N}, {@code --latency-ms L}, {@code --concurrency C},
   *     {@code --jar PATH}, {@code --launcher PATH}
   * @throws Exception if the server fails
   */
  public static void main(String[] args) throws Exception {
    int runs = 7;
    int later = 5;
    long latencyMs = 50;
    int concurrency = 64;
    Path jar = Path.of("decision-mcp", "target", "decision-mcp.jar");
    Path launcher = findLauncher();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          runs = 3;
          later = 3;
        }
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--launcher" -> launcher = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println("""
              Usage: java -cp benchmarks.jar dev.decisionmatrix.bench.ColdStartBenchmark [options]
                --quick            3 fresh processes per variant, 3 later evaluations each (default 7 and 5)
                --runs N           fresh processes per variant
                --latency-ms L     simulated LLM latency (default 50)
                --concurrency C    the server's DECISION_MATRIX_MAX_CONCURRENCY (default 64)
                --jar PATH         the server jar (default decision-mcp/target/decision-mcp.jar)
                --launcher PATH    the distribution's bin/decision-mcp (default: found under decision-dist/target)""");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the server jar " + jar + " does not exist: run ./mvnw -B -q package -DskipTests first, from the repository root");
    }
    List<Variant> variants = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    variants.add(new Variant("plain jar (java -jar, no cache)", List.of(java, "-jar", jar.toString())));
    if (launcher != null && Files.isExecutable(launcher)) {
      Path lib = launcher.toAbsolutePath().getParent().resolveSibling("lib");
      boolean cached = Stream.of("decision-mcp.aot", "decision-mcp.jsa").anyMatch(f -> Files.exists(lib.resolve(f)));
      variants.add(new Variant("distribution launcher" + (cached ? " + warm-start cache" : " (no cache)"), List.of(launcher.toString())));
    } else {
      System.err.println("no distribution found under decision-dist/target: measuring the plain jar only (build it with ./mvnw -B -q package -DskipTests)");
    }

    double bound = Math.ceil((double) (OPTIONS * CRITERIA) / concurrency) * latencyMs;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("latencyMs", latencyMs);
    json.put("concurrency", concurrency);
    json.put("boundMs", bound);
    List<String> table = new ArrayList<>();
    table.add("| start | initialize | server CPU to initialize | first 10x8 | first / bound | later 10x8 | later / bound |");
    table.add("|---|---:|---:|---:|---:|---:|---:|");
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(latencyMs)).requireApiKey("bench").start()) {
      for (Variant v : variants) {
        List<Run> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          results.add(oneProcess(v, sim, concurrency, later, r));
        }
        double init = StdioServers.median(results.stream().mapToDouble(Run::initializeMillis).toArray());
        double initCpu = StdioServers.median(results.stream().mapToDouble(Run::initializeCpuMillis).toArray());
        double first = StdioServers.median(results.stream().mapToDouble(Run::firstMillis).toArray());
        double next = StdioServers.median(results.stream().mapToDouble(Run::laterMillis).toArray());
        table.add(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms | %.2f | %.0f ms | %.2f |", v.name(), init, initCpu, first,
            first / bound, next, next / bound));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("initializeMs", init);
        row.put("initializeCpuMs", initCpu);
        row.put("firstMs", first);
        row.put("laterMs", next);
        row.put("runs", results);
        json.put(v.name(), row);
      }
    }
    System.out.printf(Locale.ROOT, "Cold start, median of %d fresh processes per row; L = %d ms, C = %d, bound ceil(80/C) x L = %.0f ms%n%n",
        runs, latencyMs, concurrency, bound);
    table.forEach(System.out::println);
    Path out = Files.isDirectory(Path.of("decision-bench")) ? Path.of("decision-bench", "target", "bench") : Path.of("target", "bench");
    Files.createDirectories(out);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("cold-start.json").toFile(), json);
  }

  private static Run oneProcess(Variant v, LlmSimulator sim, int concurrency, int later, int run) throws IOException, InterruptedException {
    Path data = Files.createTempDirectory("cold-start-");
    ProcessBuilder pb = StdioServers.judgingWith(v.command(), sim, concurrency, data);
    long start = System.nanoTime();
    try (StdioClient client = new StdioClient(pb.start())) {
      client.initialize(STEP);
      double init = (System.nanoTime() - start) / 1e6;
      // CPU the server spent until its answer: unlike wall time, barely moved by other load on the machine.
      double initCpu = client.process().toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
      double first = evaluateOne(client, "run " + run + " first");
      double[] next = new double[later];
      for (int i = 0; i < later; i++) {
        next[i] = evaluateOne(client, "run " + run + " later " + i);
      }
      client.finish();
      return new Run(init, initCpu, first, StdioServers.median(next));
    }
  }

  /** Starts a fresh 10x8 decision (a topic of its own, so no cached cell) and times evaluate_options. */
  private static double evaluateOne(StdioClient client, String topic) throws IOException, InterruptedException {
    return StdioServers.timeEvaluation(client, "Cold start benchmark, " + topic, OPTIONS, CRITERIA, STEP);
  }

  private static Path findLauncher() throws IOException {
    Path target = Path.of("decision-dist", "target");
    if (!Files.isDirectory(target)) {
      return null;
    }
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().startsWith("decision-mcp-") && Files.isDirectory(p))
          .map(p -> p.resolve("bin/decision-mcp")).filter(Files::isExecutable).findFirst().orElse(null);
    }
  }

}
