package dev.decisionmatrix.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** JSON-RPC over a server process's stdin and stdout, line by line, for the stdio ITs. */
final class StdioSession {

  static final ObjectMapper JSON = new ObjectMapper();

  private final OutputStream stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  /** Every stdout line read so far, in order. */
  final List<String> all = new ArrayList<>();
  private final Map<Integer, JsonNode> responses = new HashMap<>();
  final Thread reader;

  StdioSession(Process process) {
    this.stdin = process.getOutputStream();
    this.reader = Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("READER FAILED: " + e);
      }
    });
  }

  /** Sends one line. */
  void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Sends one line given as raw bytes (which need not be valid UTF-8). */
  void sendBytes(byte[] line) throws IOException {
    stdin.write(line);
    stdin.write('\n');
    stdin.flush();
  }

  /** Closes stdin, which asks the server to exit. */
  void closeInput() throws IOException {
    stdin.close();
  }

  /** Sends {@code initialize} and {@code notifications/initialized} and waits for the answer (request id 1). */
  JsonNode initialize(String clientName) throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"" + clientName + "\",\"version\":\"1\"}}}");
    JsonNode answer = await(1);
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return answer;
  }

  /** Sends a {@code tools/call} request without waiting for its answer. */
  void callTool(int id, String tool, Object arguments) throws IOException {
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
        + JSON.writeValueAsString(arguments) + "}}");
  }

  /** Waits up to a minute for the response to a request. */
  JsonNode await(int id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!responses.containsKey(id)) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no response to request " + id + "; stdout so far: " + all);
      }
      all.add(line);
      JsonNode message = JSON.readTree(line);
      if (message.has("id") && !message.has("method")) {
        responses.put(message.get("id").asInt(), message);
      }
    }
    return responses.get(id);
  }

  /** Moves lines read but not yet awaited into {@link #all}. */
  void drain() {
    lines.drainTo(all);
  }

  /**
   * Starts a decision between "Supplier 0".."Supplier n-1" on "Criterion 0".."Criterion m-1" and
   * returns its session id.
   *
   * @param id the request id to use
   * @param options how many options
   * @param criteria how many criteria
   * @return the session id
   * @throws Exception if the server does not answer
   */
  String startSuppliers(int id, int options, int criteria) throws Exception {
    callTool(id, "start_decision_analysis", Map.of(
        "topic", "Which supplier?",
        "options", java.util.stream.IntStream.range(0, options).mapToObj(i -> "Supplier " + i).toList(),
        "initial_criteria", java.util.stream.IntStream.range(0, criteria).mapToObj(i -> Map.of("name", "Criterion " + i)).toList()));
    JsonNode started = await(id).path("result");
    if (started.path("isError").asBoolean()) {
      throw new AssertionError("start_decision_analysis failed: " + started);
    }
    return started.path("structuredContent").path("session_id").asText();
  }

  /**
   * Counts the scored cells of a {@code get_decision_matrix} report and checks it has all of them.
   *
   * @param report the report's structured content
   * @param cells how many cells the matrix has
   * @return the scored cells
   */
  static int scoredCells(JsonNode report, int cells) {
    if (report.path("cells").size() != cells) {
      throw new AssertionError("expected " + cells + " cells in the report, got " + report.path("cells").size());
    }
    int scored = 0;
    for (JsonNode cell : report.path("cells")) {
      scored += cell.path("state").asText().equals("scored") ? 1 : 0;
    }
    return scored;
  }
}
