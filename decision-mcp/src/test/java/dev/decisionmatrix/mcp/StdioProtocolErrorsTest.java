package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real stdio transport behind the {@link StdioGuard}, as {@link Main} wires it: every faulty
 * line gets a JSON-RPC error instead of silence, and the session goes on.
 */
class StdioProtocolErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestServer server;
  private McpSyncServer mcp;
  private OutputStream toServer;
  private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final CountDownLatch ended = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), null), null);
    PipedInputStream stdin = new PipedInputStream(1 << 16);
    toServer = new PipedOutputStream(stdin);
    PipedInputStream fromStdout = new PipedInputStream(1 << 16);
    PrintStream stdout = new PrintStream(new PipedOutputStream(fromStdout), true, StandardCharsets.UTF_8);
    StdioGuard guarded = new StdioGuard(stdin, server.server.messageGuard(), stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8),
        Main.MAX_STDIO_LINE_BYTES, ended::countDown);
    mcp = server.server.serve(new StdioServerTransportProvider(server.server.jsonMapper(), guarded, stdout, Main.MAX_STDIO_LINE_BYTES + 1));
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fromStdout, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          fromServer.add(line);
        }
      } catch (IOException e) {
        fromServer.add("{\"readerFailed\":true}");
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    toServer.close();
    ended.await(10, TimeUnit.SECONDS);
    mcp.close();
    server.close();
  }

  private void send(String line) throws IOException {
    toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  private JsonNode next() throws Exception {
    String line = fromServer.poll(30, TimeUnit.SECONDS);
    assertThat(line).as("an answer on stdout; stderr: " + stderr.toString(StandardCharsets.UTF_8)).isNotNull();
    return JSON.readTree(line);
  }

  private JsonNode errorFor(String line) throws Exception {
    send(line);
    JsonNode answer = next();
    assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(answer.path("error").path("message").asText()).doesNotContain("io.modelcontextprotocol", "java.", "Exception", "`");
    return answer;
  }

  private void initialize() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"pipe\",\"version\":\"1\"}}}");
    assertThat(next().path("result").has("serverInfo")).isTrue();
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  private void assertStillServing(int id) throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
    JsonNode pong = next();
    assertThat(pong.path("id").asInt()).isEqualTo(id);
    assertThat(pong.has("result")).as(pong.toString()).isTrue();
  }

  @Test
  void aBareNaNIsAnsweredWithAParseError() throws Exception {
    initialize();

    JsonNode answer = errorFor("NaN");

    assertThat(answer.path("id").isNull()).isTrue();
    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32700);
    assertStillServing(2);
  }

  @Test
  void aBatchIsAnsweredWithAnInvalidRequest() throws Exception {
    initialize();

    JsonNode answer = errorFor("[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}]");

    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(answer.path("error").path("message").asText()).contains("batches are not supported");
    assertStillServing(2);
  }

  @Test
  void nestingDeeperThanAThousandLevelsIsAnsweredWithAnInvalidRequest() throws Exception {
    initialize();

    JsonNode answer = errorFor("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{\"deep\":" + "[".repeat(1_200) + "]".repeat(1_200) + "}}");

    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(answer.path("error").path("message").asText()).contains("deeper than 1000 levels");
    assertStillServing(4);
  }

  @Test
  void aLineOverSixteenMebibytesIsAnsweredAndTheNextLineServed() throws Exception {
    initialize();
    byte[] huge = new byte[Main.MAX_STDIO_LINE_BYTES + 10];
    Arrays.fill(huge, (byte) 'x');

    toServer.write(huge);
    JsonNode answer = errorFor("");

    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(answer.path("error").path("message").asText()).contains("longer than " + Main.MAX_STDIO_LINE_BYTES + " bytes");
    assertStillServing(2);
  }

  @Test
  void jsonRpcOneIsRefusedWithItsId() throws Exception {
    initialize();

    JsonNode answer = errorFor("{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"ping\"}");

    assertThat(answer.path("id").asInt()).isEqualTo(8);
    assertThat(answer.path("error").path("message").asText()).isEqualTo("Invalid request: \"jsonrpc\" must be \"2.0\"");
    assertStillServing(9);
  }

  @Test
  void wronglyShapedParamsGetInvalidParamsWithAPlainMessage() throws Exception {
    initialize();

    JsonNode arguments = errorFor("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"list_sessions\",\"arguments\":[1]}}");
    JsonNode name = errorFor("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":7}}");
    JsonNode uri = errorFor("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"resources/read\",\"params\":{}}");

    assertThat(arguments.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(arguments.path("error").path("message").asText()).contains("\"arguments\" must be an object, got an array");
    assertThat(name.path("error").path("message").asText()).contains("\"name\" must be a string, got a number");
    assertThat(uri.path("error").path("message").asText()).contains("\"uri\" (a string) is required");
    assertThat(uri.path("id").asInt()).isEqualTo(12);
    assertStillServing(13);
  }
}
