package dev.decisionmatrix.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal MCP client over a server process's stdin and stdout, one JSON-RPC message per line:
 * enough to drive the server through a decision during the build (the AOT training run) and in the
 * cold-start benchmark. Requests are answered in order; notifications from the server are skipped.
 */
public final class StdioClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode END = JSON.nullNode();

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
  private int nextId = 1;

  /**
   * Takes over a started server process; its stderr should be redirected by the caller.
   *
   * @param process the server process, started with piped stdin and stdout
   */
  public StdioClient(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread.ofPlatform().daemon().name("mcp-stdout").start(this::readAnswers);
  }

  private void readAnswers() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode message = JSON.readTree(line);
        if (message.has("id") && (message.has("result") || message.has("error"))) {
          answers.add(message);
        }
      }
    } catch (IOException e) {
      // the process ended; the END marker below tells the waiting caller
    } finally {
      answers.add(END);
    }
  }

  /**
   * Sends a request and waits for its answer.
   *
   * @param method the JSON-RPC method
   * @param params its parameters
   * @param timeout how long to wait for the answer
   * @return the answer's {@code result}
   * @throws IOException if the server answers with an error, ends, or does not answer in time
   * @throws InterruptedException if interrupted while waiting
   */
  public JsonNode request(String method, JsonNode params, Duration timeout) throws IOException, InterruptedException {
    int id = nextId++;
    ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    message.set("params", params);
    send(message);
    JsonNode answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (answer == null) {
      throw new IOException(method + " got no answer within " + timeout);
    }
    if (answer == END) {
      throw new IOException(method + " got no answer: the server ended with exit code " + process.waitFor());
    }
    if (answer.has("error")) {
      throw new IOException(method + " failed: " + answer.get("error"));
    }
    if (answer.path("id").asInt() != id) {
      throw new IOException(method + " got the answer to another request: " + answer);
    }
    return answer.get("result");
  }

  /**
   * Sends a notification (no answer).
   *
   * @param method the JSON-RPC method
   * @throws IOException if the server's stdin is closed
   */
  public void notify(String method) throws IOException {
    send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method));
  }

  /**
   * Sends {@code initialize} and {@code notifications/initialized}.
   *
   * @param timeout how long to wait for the answer
   * @return the server's initialize result
   * @throws IOException if the server does not answer
   * @throws InterruptedException if interrupted while waiting
   */
  public JsonNode initialize(Duration timeout) throws IOException, InterruptedException {
    ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2025-06-18");
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "decision-dist").put("version", "1");
    JsonNode result = request("initialize", params, timeout);
    notify("notifications/initialized");
    return result;
  }

  /**
   * Calls a tool and returns its structured content; fails if the tool answers with an error.
   *
   * @param tool the tool name
   * @param arguments its arguments
   * @param timeout how long to wait for the answer
   * @return the tool's {@code structuredContent}
   * @throws IOException if the call fails or the tool reports an error
   * @throws InterruptedException if interrupted while waiting
   */
  public JsonNode callTool(String tool, JsonNode arguments, Duration timeout) throws IOException, InterruptedException {
    ObjectNode params = JSON.createObjectNode().put("name", tool);
    params.set("arguments", arguments);
    JsonNode result = request("tools/call", params, timeout);
    if (result.path("isError").asBoolean()) {
      throw new IOException(tool + " answered with an error: " + result.path("content"));
    }
    return result.path("structuredContent");
  }

  private synchronized void send(JsonNode message) throws IOException {
    stdin.write(JSON.writeValueAsBytes(message));
    stdin.write('\n');
    stdin.flush();
  }

  /**
   * Closes the server's stdin (which ends a stdio server) and waits for the process to exit.
   *
   * @return the exit code
   * @throws IOException if the server does not exit within 2 minutes
   * @throws InterruptedException if interrupted while waiting
   */
  public int finish() throws IOException, InterruptedException {
    stdin.close();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("the server did not exit within 2 minutes after its stdin closed");
    }
    return process.exitValue();
  }

  /** Ends the process if it is still running. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already closed
    }
    process.destroy();
  }

  /**
   * The server process.
   *
   * @return the process this client drives
   */
  public Process process() {
    return process;
  }

  /**
   * The JSON mapper, for building tool arguments.
   *
   * @return the shared mapper
   */
  public static ObjectMapper json() {
    return JSON;
  }
}
