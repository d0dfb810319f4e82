package dev.decisionmatrix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The soak benchmark: the server jar runs as its own process serving Streamable HTTP, judging
 * against {@link LlmSimulator}; concurrent clients loop for the whole run creating a decision,
 * evaluating it, reading it, listing sessions and deleting it, each over its own MCP session. It
 * reports errors (target 0), p50 and p99 of the tools that do not evaluate (target p99 <= 20 ms),
 * and the server's heap after a full GC, its thread count and open file descriptors at the end of
 * the first minute and at the end (targets: flat).
 *
 * <p>Run with {@code java -cp decision-bench/target/benchmarks.jar
 * dev.decisionmatrix.bench.SoakBenchmark [--quick] [--minutes M] [--clients N] [--jar PATH]}.
 */
public final class SoakBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern URL = Pattern.compile("serving MCP over Streamable HTTP at (http://\\S+/mcp)");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Long> quickNanos = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> evaluateNanos = new ConcurrentLinkedQueue<>();
  /** The non-evaluating calls again, per tool, so a slow p99 shows which tool it comes from. */
  private final Map<String, ConcurrentLinkedQueue<Long>> quickByTool = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final AtomicLong decisions = new AtomicLong();
  private final AtomicLong ids = new AtomicLong(100);
  private String endpoint = "";

  /** What the server process looked like at one moment. */
  record Sample(String when, long heapAfterGcKiB, long threads, long openFiles) {}

  private SoakBenchmark() {}

  /**
   * Runs the soak.
   *
   * @param args {@code --quick} (20 s, 4 clients), {@code --minutes M}, {@code --clients N},
   *     {@code --jar PATH} (default {@code decision-mcp/target/decision-mcp.jar}), {@code --out DIR}
   * @throws Exception if the server cannot be started
   */
  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofMinutes(5);
    int clients = 20;
    Path jar = Path.of("decision-mcp/target/decision-mcp.jar");
    Path out = Path.of("decision-bench/target/bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          duration = Duration.ofSeconds(20);
          clients = 4;
        }
        case "--minutes" -> duration = Duration.ofSeconds(Math.round(Double.parseDouble(args[++i]) * 60));
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("usage: SoakBenchmark [--quick] [--minutes M] [--clients N] [--jar PATH] [--out DIR]");
          System.exit(2);
        }
      }
    }
    if (!Files.isRegularFile(jar)) {
      System.err.println("the server jar " + jar + " does not exist: build it first with ./mvnw -B -DskipTests package");
      System.exit(2);
    }
    SoakBenchmark soak = new SoakBenchmark();
    soak.run(jar, duration, clients, out);
    if (!soak.errors.isEmpty()) {
      System.exit(1); // an error under load is a defect, not a number
    }
  }

  private void run(Path jar, Duration duration, int clients, Path out) throws Exception {
    Path dataDir = Files.createTempDirectory("decision-soak-");
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(20)).start()) {
      ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx512m", "-jar", jar.toString(), "--http", "--port", "0");
      pb.environment().keySet().removeIf(k -> k.startsWith("DECISION_MATRIX_") || k.startsWith("OPENAI_"));
      pb.environment().putAll(Map.of(
          "DECISION_MATRIX_BACKEND", "openai",
          "OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI),
          "OPENAI_API_KEY", "soak",
          "DECISION_MATRIX_MODEL", "sim-model",
          "DECISION_MATRIX_DATA_DIR", dataDir.toString()));
      Process server = pb.start();
      try {
        endpoint = awaitUrl(server);
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Duration firstMark = duration.compareTo(Duration.ofMinutes(2)) >= 0 ? Duration.ofMinutes(1) : duration.dividedBy(4);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          running.add(CompletableFuture.runAsync(() -> clientLoop(client, end), r -> Thread.ofVirtual().start(r)));
        }
        TimeUnit.NANOSECONDS.sleep(firstMark.toNanos()); // a measurement point in time, not synchronisation
        samples.add(sample(server, "after " + seconds(firstMark)));
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        samples.add(sample(server, "at the end (" + seconds(duration) + ")"));
        report(duration, clients, samples, out);
      } finally {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
          files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private void clientLoop(int client, long end) {
    String session;
    try {
      session = initialize("soak-" + client);
    } catch (Exception e) {
      errors.add("client " + client + " could not initialize: " + e.getMessage());
      return;
    }
    int round = 0;
    while (System.nanoTime() < end) {
      round++;
      try {
        JsonNode started = timed(quickNanos, session, "start_decision_analysis", Map.of(
            "topic", "Soak " + client + "-" + round + " (which queue?)",
            "options", List.of("Kafka", "Pulsar", "RabbitMQ", "NATS " + round),
            "initial_criteria", List.of(Map.of("name", "Throughput"), Map.of("name", "Operations"), Map.of("name", "Cost", "direction", "cost"))));
        String id = started.path("structuredContent").path("session_id").asText();
        timed(evaluateNanos, session, "evaluate_options", Map.of("session_id", id));
        timed(quickNanos, session, "get_decision_matrix", Map.of("session_id", id));
        timed(quickNanos, session, "list_sessions", Map.of());
        timed(quickNanos, session, "delete_session", Map.of("session_id", id));
        decisions.incrementAndGet();
      } catch (Exception e) {
        errors.add("client " + client + " round " + round + ": " + e.getMessage());
      }
    }
  }

  private String initialize(String name) throws Exception {
    HttpResponse<String> response = post(null, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
        "protocolVersion", "2025-06-18", "capabilities", Map.of(), "clientInfo", Map.of("name", name, "version", "1"))));
    String session = response.headers().firstValue("Mcp-Session-Id")
        .orElseThrow(() -> new IOException("initialize gave no Mcp-Session-Id: " + response.statusCode() + " " + response.body()));
    post(session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    return session;
  }

  private JsonNode timed(ConcurrentLinkedQueue<Long> into, String session, String tool, Map<String, Object> arguments) throws Exception {
    long id = ids.incrementAndGet();
    long started = System.nanoTime();
    HttpResponse<String> response = post(session, Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
        "params", Map.of("name", tool, "arguments", arguments)));
    long took = System.nanoTime() - started;
    JsonNode answer = message(response, id);
    if (answer.has("error")) {
      throw new IOException(tool + " answered a JSON-RPC error: " + answer.get("error"));
    }
    JsonNode result = answer.path("result");
    if (result.path("isError").asBoolean(false)) {
      throw new IOException(tool + " failed: " + result.path("content").path(0).path("text").asText());
    }
    into.add(took);
    if (into == quickNanos) {
      quickByTool.computeIfAbsent(tool, t -> new ConcurrentLinkedQueue<>()).add(took);
    }
    return result;
  }

  private HttpResponse<String> post(String session, Map<String, Object> body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
    }
    return response;
  }

  /** The JSON-RPC response with this id, from a JSON body or from the data lines of an event stream. */
  private static JsonNode message(HttpResponse<String> response, long id) throws IOException {
    String body = response.body();
    List<String> candidates = new ArrayList<>();
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      for (String line : body.split("\n")) {
        if (line.startsWith("data:")) {
          candidates.add(line.substring(5).strip());
        }
      }
    } else {
      candidates.add(body);
    }
    for (String candidate : candidates) {
      JsonNode node = JSON.readTree(candidate);
      if (node.path("id").asLong(-1) == id) {
        return node;
      }
    }
    throw new IOException("no response with id " + id + " in: " + body);
  }

  private static Sample sample(Process server, String when) throws Exception {
    long pid = server.pid();
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    long heap = used.find() ? Long.parseLong(used.group(1)) : -1;
    long threads = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.substring(8).strip());
      }
    }
    long files;
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      files = fds.count();
    }
    return new Sample(when, heap, threads, files);
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
        .redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return output;
  }

  private static String awaitUrl(Process server) throws IOException {
    BufferedReader stderr = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = stderr.readLine()) != null) {
      Matcher m = URL.matcher(line);
      if (m.find()) {
        BufferedReader rest = stderr;
        Thread.ofPlatform().daemon().start(() -> {
          try {
            while (rest.readLine() != null) {
              // drain the server's log so it never blocks on a full pipe
            }
          } catch (IOException ignored) {
            // the server exited
          }
        });
        return m.group(1);
      }
    }
    throw new IOException("the server exited before it served HTTP (exit " + server.exitValue() + ")");
  }

  private void report(Duration duration, int clients, List<Sample> samples, Path out) throws IOException {
    List<Long> quick = sorted(quickNanos);
    List<Long> evaluate = sorted(evaluateNanos);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("duration_s", duration.toSeconds());
    json.put("clients", clients);
    json.put("decisions", decisions.get());
    json.put("errors", errors.size());
    json.put("first_errors", errors.stream().limit(5).toList());
    json.put("quick_tool_calls", quick.size());
    json.put("quick_p50_ms", millis(percentile(quick, 0.50)));
    json.put("quick_p99_ms", millis(percentile(quick, 0.99)));
    Map<String, Object> byTool = new LinkedHashMap<>();
    quickByTool.forEach((tool, values) -> {
      List<Long> v = sorted(values);
      byTool.put(tool, Map.of("calls", v.size(), "p50_ms", millis(percentile(v, 0.50)), "p99_ms", millis(percentile(v, 0.99))));
    });
    json.put("quick_by_tool", byTool);
    json.put("evaluate_p50_ms", millis(percentile(evaluate, 0.50)));
    json.put("evaluate_p99_ms", millis(percentile(evaluate, 0.99)));
    json.put("samples", samples);
    Files.createDirectories(out);
    JSON.writeValue(out.resolve("soak.json").toFile(), json);

    System.out.printf(Locale.ROOT, "## Soak: %d clients for %s over Streamable HTTP (simulator latency 20 ms)%n%n", clients, seconds(duration));
    System.out.println("| metric | value | target |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| decisions created, evaluated, read and deleted | %d | |%n", decisions.get());
    System.out.printf(Locale.ROOT, "| errors | %d | 0 |%n", errors.size());
    System.out.printf(Locale.ROOT, "| non-evaluating tools p50 / p99 | %.1f / %.1f ms | p99 <= 20 ms |%n",
        millis(percentile(quick, 0.50)), millis(percentile(quick, 0.99)));
    quickByTool.forEach((tool, values) -> {
      List<Long> v = sorted(values);
      System.out.printf(Locale.ROOT, "| ... %s p50 / p99 | %.1f / %.1f ms | |%n", tool, millis(percentile(v, 0.50)), millis(percentile(v, 0.99)));
    });
    System.out.printf(Locale.ROOT, "| evaluate_options (4x3) p50 / p99 | %.1f / %.1f ms | |%n",
        millis(percentile(evaluate, 0.50)), millis(percentile(evaluate, 0.99)));
    for (Sample s : samples) {
      System.out.printf(Locale.ROOT, "| heap after GC / threads / open files, %s | %.1f MiB / %d / %d | flat |%n",
          s.when(), s.heapAfterGcKiB() / 1024.0, s.threads(), s.openFiles());
    }
    errors.stream().limit(5).forEach(e -> System.out.println("error: " + e));
  }

  private static List<Long> sorted(ConcurrentLinkedQueue<Long> values) {
    List<Long> list = new ArrayList<>(values);
    Collections.sort(list);
    return list;
  }

  private static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
