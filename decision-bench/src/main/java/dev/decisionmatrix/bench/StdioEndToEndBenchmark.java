package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.backends.openai.OpenAiBackend;
import dev.decisionmatrix.dist.StdioClient;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the MCP server adds end to end: one server process (the plain jar, as a host starts it)
 * driven over stdio judges fresh decisions of 3x4, 10x8, 50x20 and 100x50 cells against the
 * simulator, beside the transport floor (the same OpenAI-compatible backend called for every cell
 * from C virtual threads in this JVM, no engine, no MCP). Target: wall <= 1.10 x floor at 50x20
 * and 100x50. The server runs with its default limits except {@code DECISION_MATRIX_MAX_CONCURRENCY
 * = C}; a warm-up evaluation lets its adaptive limit climb first.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q package -DskipTests}: {@code java -cp
 * decision-bench/target/benchmarks.jar dev.decisionmatrix.bench.StdioEndToEndBenchmark [--quick]}.
 * Prints a Markdown table and writes {@code decision-bench/target/bench/stdio-end-to-end.json}.
 */
public final class StdioEndToEndBenchmark {

  private static final Duration STEP = Duration.ofMinutes(5);
  private static final int[][] SIZES = {{3, 4}, {10, 8}, {50, 20}, {100, 50}};

  private StdioEndToEndBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code --quick} (one run per size), {@code --runs N}, {@code --latency-ms L},
   *     {@code --concurrency C}, {@code --jar PATH}
   * @throws Exception if the server fails
   */
  public static void main(String[] args) throws Exception {
    int runs = 3;
    long latencyMs = 50;
    int concurrency = 64;
    Path jar = Path.of("decision-mcp", "target", "decision-mcp.jar");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> runs = 1;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--help", "-h" -> {
          System.out.println("""
              Usage: java -cp benchmarks.jar dev.decisionmatrix.bench.StdioEndToEndBenchmark [options]
                --quick            one run per size (default 3, median shown)
                --runs N           runs per size
                --latency-ms L     simulated LLM latency (default 50)
                --concurrency C    the server's DECISION_MATRIX_MAX_CONCURRENCY and the floor's threads (default 64)
                --jar PATH         the server jar (default decision-mcp/target/decision-mcp.jar)""");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the server jar " + jar + " does not exist: run ./mvnw -B -q package -DskipTests first, from the repository root");
    }
    List<String> table = new ArrayList<>();
    table.add("| size | cells | server over stdio | floor (direct) | bound | server / floor | server / bound |");
    table.add("|---|---:|---:|---:|---:|---:|---:|");
    List<Map<String, Object>> rows = new ArrayList<>();
    Path data = Files.createTempDirectory("stdio-bench-");
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(latencyMs)).requireApiKey("bench").start();
        OpenAiBackend floorBackend = OpenAiBackend.builder().baseUrl(sim.baseUrl(Protocol.OPENAI)).apiKey("bench").model("sim-model")
            .requestTimeout(Duration.ofSeconds(60)).build()) {
      ProcessBuilder pb = StdioServers.judgingWith(
          List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()), sim, concurrency, data);
      try (StdioClient client = new StdioClient(pb.start())) {
        client.initialize(STEP);
        // Warm-up: JIT, connections, and the adaptive limit's climb to C.
        evaluate(client, "warm-up A", 50, 20);
        evaluate(client, "warm-up B", 50, 20);
        Matrices.direct(floorBackend, Matrices.decision("floor warm-up", 50, 20), concurrency);
        int topic = 0;
        for (int[] size : SIZES) {
          int cells = size[0] * size[1];
          double[] server = new double[runs];
          double[] floor = new double[runs];
          for (int r = 0; r < runs; r++) {
            server[r] = evaluate(client, "size " + cells + " run " + (topic++), size[0], size[1]);
            floor[r] = Matrices.direct(floorBackend, Matrices.decision("floor " + cells + " run " + topic, size[0], size[1]), concurrency) / 1e6;
          }
          double s = StdioServers.median(server);
          double f = StdioServers.median(floor);
          double bound = Math.ceil((double) cells / concurrency) * latencyMs;
          table.add(String.format(Locale.ROOT, "| %dx%d | %d | %.0f ms | %.0f ms | %.0f ms | %.2f | %.2f |", size[0], size[1], cells, s, f, bound, s / f,
              s / bound));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("size", size[0] + "x" + size[1]);
          row.put("cells", cells);
          row.put("serverMs", s);
          row.put("floorMs", f);
          row.put("boundMs", bound);
          row.put("serverOverFloor", s / f);
          row.put("serverRunsMs", server);
          rows.add(row);
        }
        client.finish();
      }
    }
    System.out.printf(Locale.ROOT, "Through the MCP server over stdio vs the transport floor, median of %d runs; L = %d ms, C = %d%n%n", runs, latencyMs,
        concurrency);
    table.forEach(System.out::println);
    Path out = Files.isDirectory(Path.of("decision-bench")) ? Path.of("decision-bench", "target", "bench") : Path.of("target", "bench");
    Files.createDirectories(out);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("latencyMs", latencyMs);
    json.put("concurrency", concurrency);
    json.put("rows", rows);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("stdio-end-to-end.json").toFile(), json);
  }

  private static double evaluate(StdioClient client, String topic, int options, int criteria) throws IOException, InterruptedException {
    return StdioServers.timeEvaluation(client, "Stdio benchmark, " + topic, options, criteria, STEP);
  }

}
