package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.mcp.Fixtures;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Streamable HTTP transport in-process: Host and Origin checks, the bearer token, the body
 * limit, and a whole decision driven by the SDK's own Java client with sampling and progress.
 */
class HttpTransportTest {

  private static final String TOKEN = "correct-horse-battery-staple";
  private static final int MAX_BODY = 64 * 1024;
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  private static TestServer server;
  private static HttpTransport http;

  @BeforeAll
  static void start() throws IOException {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), null), null);
    http = HttpTransport.start(server.server, new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of("https://app.example.com"), TOKEN, MAX_BODY));
  }

  @AfterAll
  static void stop() {
    http.close();
    server.close();
  }

  private static RawResponse post(String host, String origin, String authorization, String body) throws IOException {
    StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    if (origin != null) {
      head.append("Origin: ").append(origin).append("\r\n");
    }
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    head.append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
    head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
    return send(head.toString().getBytes(StandardCharsets.US_ASCII), bytes);
  }

  private static RawResponse send(byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", http.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before reading an oversized body
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      try {
        while ((n = in.read(buf)) != -1) {
          response.write(buf, 0, n);
          if (response.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && response.size() > 0 && isComplete(response.toString(StandardCharsets.UTF_8))) {
            break;
          }
        }
      } catch (IOException e) {
        // connection reset after the response
      }
      return new RawResponse(response.toString(StandardCharsets.UTF_8));
    }
  }

  private static boolean isComplete(String response) {
    int split = response.indexOf("\r\n\r\n");
    String headers = response.substring(0, split).toLowerCase(java.util.Locale.ROOT);
    int i = headers.indexOf("content-length:");
    if (i < 0) {
      return headers.contains("transfer-encoding: chunked") ? response.endsWith("0\r\n\r\n") : false;
    }
    int end = headers.indexOf("\r\n", i);
    int length = Integer.parseInt(headers.substring(i + 15, end < 0 ? headers.length() : end).strip());
    return response.length() - split - 4 >= length;
  }

  private record RawResponse(String raw) {
    int status() {
      return Integer.parseInt(raw.substring(9, 12));
    }

    String header(String name) {
      for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }

    String body() {
      return raw.substring(raw.indexOf("\r\n\r\n") + 4);
    }
  }

  private static String localhost() {
    return "localhost:" + http.port();
  }

  @Test
  void aRequestWithTheTokenAndALocalHostIsServed() throws IOException {
    RawResponse r = post(localhost(), null, "Bearer " + TOKEN, INIT);

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.header("Mcp-Session-Id")).isNotBlank();
    assertThat(r.body()).contains("\"serverInfo\"");
  }

  @Test
  void aMissingOrWrongTokenIsRejectedWith401AndAChallenge() throws IOException {
    RawResponse missing = post(localhost(), null, null, INIT);
    RawResponse wrong = post(localhost(), null, "Bearer " + TOKEN + "x", INIT);
    RawResponse basic = post(localhost(), null, "Basic " + TOKEN, INIT);

    for (RawResponse r : List.of(missing, wrong, basic)) {
      assertThat(r.status()).as(r.raw()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"decision-matrix\"");
      assertThat(r.body()).contains("bearer token").doesNotContain(TOKEN);
    }
  }

  @Test
  void theBearerSchemeIsAcceptedInAnyCase() throws IOException {
    for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
      assertThat(post(localhost(), null, scheme + " " + TOKEN, INIT).status()).as(scheme).isEqualTo(200);
    }
    assertThat(post(localhost(), null, "Bearer" + TOKEN, INIT).status()).isEqualTo(401);
    assertThat(post(localhost(), null, TOKEN, INIT).status()).isEqualTo(401);
  }

  @Test
  void aForeignHostIsRejectedBeforeAnythingElse() throws IOException {
    RawResponse evil = post("evil.example.com", null, "Bearer " + TOKEN, INIT);
    RawResponse rebinding = post("attacker.test:" + http.port(), null, null, INIT);

    assertThat(evil.status()).isEqualTo(403);
    assertThat(evil.body()).contains("Host header", "--allowed-hosts");
    assertThat(rebinding.status()).isEqualTo(403);
  }

  @Test
  void loopbackHostNamesInAllTheirFormsAreAccepted() throws IOException {
    for (String host : List.of("localhost", "127.0.0.1:" + http.port(), "[::1]:" + http.port(), "LOCALHOST:" + http.port())) {
      assertThat(post(host, null, "Bearer " + TOKEN, INIT).status()).as(host).isEqualTo(200);
    }
  }

  @Test
  void aForeignOriginIsRejectedAndLocalOrListedOriginsAreAccepted() throws IOException {
    RawResponse evil = post(localhost(), "https://evil.example.com", "Bearer " + TOKEN, INIT);
    RawResponse nullOrigin = post(localhost(), "null", "Bearer " + TOKEN, INIT);
    RawResponse local = post(localhost(), "http://localhost:5173", "Bearer " + TOKEN, INIT);
    RawResponse listed = post(localhost(), "https://app.example.com", "Bearer " + TOKEN, INIT);

    assertThat(evil.status()).isEqualTo(403);
    assertThat(evil.body()).contains("Origin", "--allowed-origins");
    assertThat(nullOrigin.status()).isEqualTo(403);
    assertThat(local.status()).isEqualTo(200);
    assertThat(listed.status()).isEqualTo(200);
  }

  @Test
  void anOversizedBodyIsRejectedWith413() throws IOException {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}}";
    RawResponse declared = post(localhost(), null, "Bearer " + TOKEN, big);

    String chunkedHead = "POST /mcp HTTP/1.1\r\nHost: " + localhost() + "\r\nAuthorization: Bearer " + TOKEN
        + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    byte[] payload = big.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    chunked.write((Integer.toHexString(payload.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    chunked.write(payload);
    chunked.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    RawResponse streamed = send(chunkedHead.getBytes(StandardCharsets.US_ASCII), chunked.toByteArray());

    assertThat(declared.status()).isEqualTo(413);
    assertThat(streamed.status()).isEqualTo(413);
  }

  @Test
  void aCancellationNotificationIsConsumedByTheGate() throws IOException {
    RawResponse r = post(localhost(), null, "Bearer " + TOKEN,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":42,\"reason\":\"user\"}}");

    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void refusesANonLoopbackAddressWithoutAToken() {
    assertThatThrownBy(() -> HttpTransport.start(server.server, new HttpTransport.Settings("0.0.0.0", 0, List.of(), List.of(), BearerTokens.none(), MAX_BODY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DECISION_MATRIX_HTTP_TOKEN");
  }

  private static McpSchema.CallToolRequest call(String tool, Map<String, Object> args) {
    return new McpSchema.CallToolRequest(tool, args, null);
  }

  @Test
  void theSdkClientRunsAWholeDecisionWithSamplingAndProgress() {
    List<McpSchema.ProgressNotification> progress = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch allProgress = new java.util.concurrent.CountDownLatch(4);
    List<McpSchema.LoggingMessageNotification> logs = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sampled = new AtomicInteger();
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
            .endpoint("/mcp")
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
            .build();
    try (McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(30))
            .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
            .sampling(request -> {
              sampled.incrementAndGet();
              String prompt = ((McpSchema.TextContent) request.messages().getFirst().content()).text();
              return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, McpSchema.TextContent.builder(Fixtures.answerFor(prompt)).build(), "java-client-model")
                  .build();
            })
            .progressConsumer(p -> {
              progress.add(p);
              allProgress.countDown();
            })
            .loggingConsumer(logs::add)
            .build()) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(21);

      McpSchema.CallToolResult started = client.callTool(call("start_decision_analysis", Map.of(
          "topic", "Which queue?", "options", List.of("Kafka", "RabbitMQ"), "initial_criteria", List.of(Map.of("name", "Throughput"), Map.of("name", "Ops", "direction", "cost")))));
      assertThat(started.isError()).isFalse();
      String id = (String) ((Map<?, ?>) started.structuredContent()).get("session_id");

      McpSchema.CallToolResult bad = client.callTool(call("add_criterion", Map.of("session_id", id, "name", "X", "weight", 99)));
      assertThat(bad.isError()).isTrue();
      assertThat(((McpSchema.TextContent) bad.content().getFirst()).text()).contains("must be between 0.1 and 10");

      McpSchema.CallToolResult evaluated = client.callTool(
          new McpSchema.CallToolRequest("evaluate_options", Map.of("session_id", id), Map.of("progressToken", "eval-1")));
      assertThat(evaluated.isError()).as(evaluated.toString()).isFalse();
      assertThat(sampled.get()).isEqualTo(4);
      // The client hands notifications to the consumer on its own thread, possibly after the result.
      assertThat(awaitQuietly(allProgress)).as("four progress notifications arrived").isTrue();
      assertThat(progress).hasSize(4).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("eval-1"));
      // The Java client may hand notifications to the consumer out of order; the values are what counts.
      assertThat(progress).extracting(McpSchema.ProgressNotification::progress).containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0);
      assertThat(progress).extracting(McpSchema.ProgressNotification::total).containsOnly(4.0);

      McpSchema.CallToolResult matrix = client.callTool(call("get_decision_matrix", Map.of("session_id", id)));
      assertThat(((McpSchema.TextContent) matrix.content().getFirst()).text()).contains("| Kafka", "| RabbitMQ");

      McpSchema.ReadResourceResult resource = client.readResource(new McpSchema.ReadResourceRequest("decision://sessions/" + id + "/matrix", null));
      assertThat(((McpSchema.TextResourceContents) resource.contents().getFirst()).text()).contains("| Kafka");
      assertThat(client.listResourceTemplates().resourceTemplates()).hasSize(2);
      // A host completes the template's session_id from what was typed so far.
      McpSchema.CompleteResult completed = client.completeCompletion(McpSchema.CompleteRequest.builder(
          new McpSchema.ResourceReference("decision://sessions/{session_id}/matrix"),
          new McpSchema.CompleteRequest.CompleteArgument("session_id", id.substring(0, 6).toUpperCase(java.util.Locale.ROOT))).build());
      assertThat(completed.completion().values()).contains(id).allMatch(v -> v.startsWith(id.substring(0, 6)));
      McpSchema.CompleteResult none = client.completeCompletion(McpSchema.CompleteRequest.builder(
          new McpSchema.ResourceReference("decision://sessions/{session_id}/matrix.json"),
          new McpSchema.CompleteRequest.CompleteArgument("session_id", "no-such-prefix")).build());
      assertThat(none.completion().values()).isEmpty();
      assertThat(none.completion().hasMore()).isFalse();
      assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactly("decision_analysis_guide");
    }
  }

  private static boolean awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      return latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
