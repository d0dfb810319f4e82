package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.store.DecisionStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stateless transport: two instances over one shared store answer any request without an MCP
 * session, so a round-robin balancer may send each request anywhere; the judge is the configured
 * provider even when the client offers sampling.
 */
class StatelessTransportTest {

  private static final CountingBackend OPENAI = new CountingBackend("openai");
  private static final DecisionStore SHARED = DecisionStore.inMemory();
  private static TestServer serverA;
  private static TestServer serverB;
  private static HttpTransport a;
  private static HttpTransport b;

  @BeforeAll
  static void start() throws IOException {
    FakeBackends backends = new FakeBackends(Map.of("openai", OPENAI), "openai");
    serverA = new TestServer(SHARED, backends, null);
    serverB = new TestServer(SHARED, backends, null);
    HttpTransport.Settings settings = new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of(), BearerTokens.none(), 1 << 20);
    a = HttpTransport.start(serverA.server, settings, Readiness.always(), HttpTransport.Mode.STATELESS);
    b = HttpTransport.start(serverB.server, settings, Readiness.always(), HttpTransport.Mode.STATELESS);
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    serverA.close();
    serverB.close();
  }

  private static HttpResponse<String> post(HttpTransport to, String body) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(to.url()))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String toolCall(int id, String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
  }

  @Test
  void eachRequestIsAnsweredByWhicheverInstanceGetsItWithoutAnMcpSession() throws Exception {
    HttpResponse<String> started = post(a, toolCall(1, "start_decision_analysis",
        "{\"topic\":\"Which CDN?\",\"options\":[\"Fastly\",\"Cloudflare\"],\"initial_criteria\":[{\"name\":\"Latency\"}]}"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(started.headers().firstValue("Mcp-Session-Id")).isEmpty();
    String id = started.body().replaceAll("(?s).*\"session_id\":\"([^\"]+)\".*", "$1");

    int callsBefore = OPENAI.calls.get();
    HttpResponse<String> evaluated = post(b, toolCall(2, "evaluate_options", "{\"session_id\":\"" + id + "\"}"));
    HttpResponse<String> matrix = post(a, toolCall(3, "get_decision_matrix", "{\"session_id\":\"" + id + "\"}"));

    assertThat(evaluated.statusCode()).isEqualTo(200);
    assertThat(evaluated.body()).contains("\"isError\":false");
    assertThat(OPENAI.calls.get() - callsBefore).isEqualTo(2);
    assertThat(matrix.body()).contains("Fastly", "Cloudflare", "\"isError\":false");
  }

  @Test
  void theSdkClientWorksStatelessAndTheConfiguredProviderJudgesEvenWhenTheClientOffersSampling() {
    AtomicInteger sampled = new AtomicInteger();
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + b.port()).endpoint("/mcp").build();
    try (McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(30))
        .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
        .sampling(request -> {
          sampled.incrementAndGet();
          throw new IllegalStateException("a stateless server must not ask for sampling");
        })
        .build()) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(serverB.server.tools().definitions().size());
      assertThat(client.listResourceTemplates().resourceTemplates()).hasSize(2);
      assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactly("decision_analysis_guide");

      McpSchema.CallToolResult started = client.callTool(new McpSchema.CallToolRequest("start_decision_analysis", Map.of(
          "topic", "Which queue?", "options", List.of("Kafka", "RabbitMQ", "NATS"), "initial_criteria", List.of(Map.of("name", "Throughput"))), null));
      String id = (String) ((Map<?, ?>) started.structuredContent()).get("session_id");
      int callsBefore = OPENAI.calls.get();
      McpSchema.CallToolResult evaluated = client.callTool(new McpSchema.CallToolRequest("evaluate_options", Map.of("session_id", id), null));
      McpSchema.ReadResourceResult resource = client.readResource(new McpSchema.ReadResourceRequest("decision://sessions/" + id + "/matrix", null));

      assertThat(evaluated.isError()).as(evaluated.toString()).isFalse();
      assertThat(OPENAI.calls.get() - callsBefore).isEqualTo(3);
      assertThat(sampled.get()).isZero();
      assertThat(((McpSchema.TextResourceContents) resource.contents().getFirst()).text()).contains("| Kafka", "| NATS");
    }
  }
}
