package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.mcp.tools.ToolDefinition;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several principals on one Streamable HTTP server, each with its own bearer token from a tokens
 * file, driven by the SDK's Java client: every session belongs to the principal that created it,
 * and another principal's session id answers exactly like one that does not exist, in every tool,
 * resource and completion.
 */
class PrincipalIsolationTest {

  private static final String ALICE_TOKEN = "alice-" + "a".repeat(40);
  private static final String BOB_TOKEN = "bob-" + "b".repeat(40);
  private static final String BOB_SECOND_TOKEN = "bob-rotated-" + "c".repeat(40);

  private static DecisionStore store;
  private static CountingBackend backend;
  private static TestServer server;
  private static HttpTransport http;
  private static HttpTransport stateless;

  private final List<McpSyncClient> clients = new ArrayList<>();
  private McpSyncClient alice;
  private McpSyncClient bob;

  @BeforeAll
  static void start() throws IOException {
    store = DecisionStore.inMemory();
    backend = new CountingBackend("openai");
    server = new TestServer(store, new FakeBackends(Map.of("openai", backend), "openai"), "openai");
    BearerTokens tokens = BearerTokens.parse(
        "# principals of the team\n"
            + "alice:sha256:" + BearerTokens.digest(ALICE_TOKEN) + "\n"
            + "bob:sha256:" + BearerTokens.digest(BOB_TOKEN) + "   # laptop\n"
            + "bob:sha256:" + BearerTokens.digest(BOB_SECOND_TOKEN).toUpperCase(java.util.Locale.ROOT) + "\n",
        "test tokens");
    HttpTransport.Settings settings = new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of(), tokens, 1 << 20);
    http = HttpTransport.start(server.server, settings);
    stateless = HttpTransport.start(server.server, settings, Readiness.always(), HttpTransport.Mode.STATELESS);
  }

  @AfterAll
  static void stop() {
    stateless.close();
    http.close();
    server.close();
  }

  @BeforeEach
  void connect() {
    store.clear();
    alice = client(ALICE_TOKEN);
    bob = client(BOB_TOKEN);
  }

  @AfterEach
  void disconnect() {
    clients.forEach(McpSyncClient::closeGracefully);
  }

  private McpSyncClient client(String token) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
        .endpoint("/mcp")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
    clients.add(client);
    return client;
  }

  private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args, null));
  }

  private static String text(McpSchema.CallToolResult result) {
    return result.content().stream().map(c -> c instanceof McpSchema.TextContent t ? t.text() : String.valueOf(c)).collect(Collectors.joining("\n"));
  }

  private static String start(McpSyncClient client, String topic) {
    McpSchema.CallToolResult started = call(client, "start_decision_analysis", Map.of(
        "topic", topic,
        "options", List.of("PostgreSQL", "MySQL"),
        "initial_criteria", List.of(Map.of("name", "Reliability", "weight", 3), Map.of("name", "Cost", "direction", "cost"))));
    assertThat(started.isError()).as(text(started)).isFalse();
    return (String) ((Map<?, ?>) started.structuredContent()).get("session_id");
  }

  @SuppressWarnings("unchecked")
  private static List<String> listedIds(McpSyncClient client) {
    McpSchema.CallToolResult listed = call(client, "list_sessions", Map.of());
    assertThat(listed.isError()).as(text(listed)).isFalse();
    List<Map<String, Object>> sessions = (List<Map<String, Object>>) ((Map<String, Object>) listed.structuredContent()).get("sessions");
    return sessions.stream().map(s -> (String) s.get("session_id")).toList();
  }

  @Test
  void eachPrincipalListsOnlyTheSessionsItCreated() {
    String alices = start(alice, "Alice's database");
    String bobs = start(bob, "Bob's database");

    assertThat(listedIds(alice)).containsExactly(alices);
    assertThat(listedIds(bob)).containsExactly(bobs);
    assertThat(store.get(alices)).map(Session::owner).contains("alice");
    assertThat(store.get(bobs)).map(Session::owner).contains("bob");
    McpSchema.ReadResourceResult list = bob.readResource(new McpSchema.ReadResourceRequest("decision://sessions", null));
    String listed = ((McpSchema.TextResourceContents) list.contents().getFirst()).text();
    assertThat(listed).contains(bobs).doesNotContain(alices);
    McpSchema.CallToolResult current = call(bob, "current_session", Map.of());
    assertThat(text(current)).contains(bobs).doesNotContain(alices);
  }

  @Test
  void everyTokenOfAPrincipalReachesItsSessions() {
    String bobs = start(bob, "Bob's database");
    McpSyncClient rotated = client(BOB_SECOND_TOKEN);

    assertThat(listedIds(rotated)).containsExactly(bobs);
  }

  /** Every tool that takes a session id answers for another principal's id as for an unknown id. */
  @Test
  void anotherPrincipalsSessionAnswersExactlyLikeAnUnknownOneInEveryTool() {
    String alices = start(alice, "Alice's database");
    assertThat(call(alice, "evaluate_options", Map.of("session_id", alices)).isError()).isFalse();
    Session before = store.get(alices).orElseThrow();
    int callsBefore = backend.calls.get();
    String unknown = UUID.randomUUID().toString();
    List<String> checked = new ArrayList<>();

    for (ToolDefinition tool : server.server.tools().definitions()) {
      if (!tool.argumentNames().contains("session_id")) {
        continue;
      }
      McpSchema.CallToolResult foreign = call(bob, tool.name(), plausibleArguments(tool, alices));
      McpSchema.CallToolResult missing = call(bob, tool.name(), plausibleArguments(tool, unknown));

      assertThat(foreign.isError()).as(tool.name()).isEqualTo(missing.isError());
      assertThat(text(foreign).replace(alices, "<id>")).as(tool.name()).isEqualTo(text(missing).replace(unknown, "<id>"));
      assertThat(text(foreign)).as(tool.name()).doesNotContain("Alice's database", "PostgreSQL is", "alice");
      assertThat(text(missing)).as(tool.name() + " got past its own argument checks to the session lookup").contains("No session \"" + unknown + "\"");
      checked.add(tool.name());
    }

    assertThat(checked).contains("get_decision_matrix", "evaluate_options", "add_option", "remove_option", "add_criterion",
        "update_criterion", "remove_criterion", "set_score", "delete_session", "export_decision_matrix");
    assertThat(store.get(alices)).as("nothing bob did changed alice's session").contains(before);
    assertThat(backend.calls.get()).as("bob's evaluate_options called no model").isEqualTo(callsBefore);
    assertThat(listedIds(alice)).containsExactly(alices);
  }

  /** Arguments a real call would give, so a tool gets past its own checks to the session lookup. */
  private static Map<String, Object> plausibleArguments(ToolDefinition tool, String sessionId) {
    Map<String, Object> known = new LinkedHashMap<>();
    known.put("session_id", sessionId);
    known.put("option_name", "PostgreSQL");
    known.put("criterion_name", "Cost");
    known.put("option", "PostgreSQL");
    known.put("criterion", "Cost");
    known.put("name", "Latency");
    known.put("score", 7);
    known.put("value", 12.5);
    known.put("weight", 2);
    known.put("format", "csv");
    known.put("method", "topsis");
    Map<String, Object> args = new LinkedHashMap<>();
    Map<?, ?> advertised = (Map<?, ?>) tool.advertisedInputSchema().get("properties");
    for (Object property : advertised.keySet()) {
      String name = (String) property;
      if (known.containsKey(name)) {
        args.put(name, known.get(name));
      }
    }
    return args;
  }

  @Test
  void clearingAllSessionsDeletesOnlyTheCallersOwn() {
    String alices = start(alice, "Alice's database");
    String bobs = start(bob, "Bob's database");

    McpSchema.CallToolResult cleared = call(bob, "clear_all_sessions", Map.of());

    assertThat(cleared.isError()).as(text(cleared)).isFalse();
    assertThat(store.get(bobs)).isEmpty();
    assertThat(store.get(alices)).isPresent();
    assertThat(listedIds(alice)).containsExactly(alices);
  }

  @Test
  void anotherPrincipalsMatrixResourceIsNotFoundLikeAnUnknownOneAndItsIdIsNeverCompleted() {
    String alices = start(alice, "Alice's database");
    String unknown = UUID.randomUUID().toString();

    String foreign = resourceError(bob, "decision://sessions/" + alices + "/matrix.json");
    String missing = resourceError(bob, "decision://sessions/" + unknown + "/matrix.json");

    assertThat(foreign.replace(alices, "<id>")).isEqualTo(missing.replace(unknown, "<id>"));
    McpSchema.CompleteResult completed = bob.completeCompletion(McpSchema.CompleteRequest.builder(
        new McpSchema.ResourceReference("decision://sessions/{session_id}/matrix"),
        new McpSchema.CompleteRequest.CompleteArgument("session_id", "")).build());
    assertThat(completed.completion().values()).doesNotContain(alices);
    McpSchema.CompleteResult own = alice.completeCompletion(McpSchema.CompleteRequest.builder(
        new McpSchema.ResourceReference("decision://sessions/{session_id}/matrix"),
        new McpSchema.CompleteRequest.CompleteArgument("session_id", "")).build());
    assertThat(own.completion().values()).containsExactly(alices);
    McpSchema.ReadResourceResult read = alice.readResource(new McpSchema.ReadResourceRequest("decision://sessions/" + alices + "/matrix", null));
    assertThat(((McpSchema.TextResourceContents) read.contents().getFirst()).text()).contains("PostgreSQL");
  }

  private static String resourceError(McpSyncClient client, String uri) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest(uri, null)))
        .isInstanceOf(McpError.class)
        .satisfies(e -> thrown[0] = e);
    return thrown[0].getMessage();
  }

  @Test
  void aTokenThatIsNoPrincipalsIsRefusedAndNamesNoPrincipal() throws Exception {
    HttpClient plain = HttpClient.newHttpClient();
    HttpResponse<String> refused = plain.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
            .header("Authorization", "Bearer " + ALICE_TOKEN + "x")
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(refused.body()).contains("bearer token").doesNotContain("alice", "bob", BearerTokens.digest(ALICE_TOKEN));
  }

  private static HttpResponse<String> post(String token, String mcpSession, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-06-18")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (mcpSession != null) {
      b.header("Mcp-Session-Id", mcpSession);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anMcpSessionAnswersOnlyThePrincipalThatStartedItAndLooksUnknownToOthers() throws Exception {
    HttpResponse<String> initialized = post(ALICE_TOKEN, null,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    String mcpSession = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    assertThat(post(ALICE_TOKEN, mcpSession, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode()).isEqualTo(202);

    HttpResponse<String> stolen = post(BOB_TOKEN, mcpSession, ping);
    HttpResponse<String> unknown = post(BOB_TOKEN, UUID.randomUUID().toString(), ping);

    assertThat(stolen.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
    assertThat(stolen.body()).contains("Session not found").doesNotContain("alice", "at ", ".java");
    assertThat(post(BOB_SECOND_TOKEN, mcpSession, ping).statusCode()).as("bob's other token is still bob").isEqualTo(404);
    HttpResponse<String> own = post(ALICE_TOKEN, mcpSession, ping);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("\"id\":2");
  }

  private static String statelessCall(String token, String tool, String arguments) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stateless.url()))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void theStatelessTransportKeepsPrincipalsApartToo() throws Exception {
    String started = statelessCall(ALICE_TOKEN, "start_decision_analysis",
        "{\"topic\":\"Which CDN?\",\"options\":[\"Fastly\",\"Cloudflare\"],\"initial_criteria\":[{\"name\":\"Latency\"}]}");
    String id = started.replaceAll("(?s).*\"session_id\":\"([^\"]+)\".*", "$1");
    String unknown = UUID.randomUUID().toString();

    String foreign = statelessCall(BOB_TOKEN, "get_decision_matrix", "{\"session_id\":\"" + id + "\"}");
    String missing = statelessCall(BOB_TOKEN, "get_decision_matrix", "{\"session_id\":\"" + unknown + "\"}");

    assertThat(store.get(id)).map(Session::owner).contains("alice");
    assertThat(foreign).contains("\"isError\":true", "No session");
    assertThat(foreign.replace(id, "<id>")).isEqualTo(missing.replace(unknown, "<id>"));
    assertThat(statelessCall(BOB_TOKEN, "list_sessions", "{}")).doesNotContain(id);
    assertThat(statelessCall(ALICE_TOKEN, "get_decision_matrix", "{\"session_id\":\"" + id + "\"}")).contains("Fastly", "\"isError\":false");
  }
}
