package dev.decisionmatrix.mcp;

import dev.decisionmatrix.mcp.http.BearerTokens;
import dev.decisionmatrix.mcp.http.HttpTransport;
import dev.decisionmatrix.mcp.judge.EnvironmentBackends;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RedisProcess;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One server instance as Main builds it on Redis (storage, server, Streamable HTTP on a free
 * port), judging with the simulator over the OpenAI wire, with an SDK client connected to it.
 */
final class RedisInstance implements AutoCloseable {

  final ServerStorage storage;
  final DecisionServer server;
  final HttpTransport http;
  final McpSyncClient client;

  private RedisInstance(ServerStorage storage, DecisionServer server, HttpTransport http, McpSyncClient client) {
    this.storage = storage;
    this.server = server;
    this.http = http;
    this.client = client;
  }

  /** The environment of an instance on this Redis judging with this simulator. */
  static Map<String, String> environment(RedisProcess redis, LlmSimulator sim) {
    return Map.of(
        ServerOptions.ENV_REDIS_URL, redis.url(),
        ServerOptions.ENV_BACKEND, "openai",
        ServerOptions.ENV_MODEL, "sim-model",
        "OPENAI_BASE_URL", sim.baseUrl(Protocol.OPENAI),
        "OPENAI_API_KEY", "test");
  }

  static RedisInstance start(RedisProcess redis, LlmSimulator sim) {
    Map<String, String> env = environment(redis, sim);
    ServerOptions options = ServerOptions.parse(new String[] {"--http", "--port", "0"}, env);
    ServerStorage storage = ServerStorage.open(options);
    DecisionServer server = DecisionServer.create(options, storage.store(), storage.cache(), new EnvironmentBackends(env, options.backend(), options.model()));
    HttpTransport http;
    try {
      http = HttpTransport.start(server, new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of(), BearerTokens.none(), 1 << 20),
          storage.readiness(), HttpTransport.Mode.SESSIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port()).endpoint("/mcp").build())
        .requestTimeout(Duration.ofMinutes(2))
        .build();
    client.initialize();
    return new RedisInstance(storage, server, http, client);
  }

  /** Calls a tool and fails the test on an error answer. */
  Map<?, ?> call(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = callRaw(tool, arguments);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError(tool + " failed: " + result.content());
    }
    return (Map<?, ?>) result.structuredContent();
  }

  McpSchema.CallToolResult callRaw(String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments, null));
  }

  /** Starts a decision and returns its session id. */
  String start(String topic, List<String> options, List<String> criteria) {
    Map<?, ?> started = call("start_decision_analysis", Map.of(
        "topic", topic, "options", options, "initial_criteria", criteria.stream().map(c -> Map.of("name", c)).toList()));
    return (String) started.get("session_id");
  }

  @Override
  public void close() {
    client.closeGracefully();
    http.close();
    server.close();
    storage.close();
  }
}
