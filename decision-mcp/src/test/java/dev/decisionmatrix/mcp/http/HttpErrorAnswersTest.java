package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error answer of the HTTP endpoint, over real HTTP: short JSON-RPC errors or plain status
 * text, never a stack trace, a Java file or class name, or the JDK version.
 */
class HttpErrorAnswersTest {

  private static final Pattern LEAK = Pattern.compile(
      "\\.java\\b|\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\bjava\\.[a-z]+\\.|\\bjakarta\\.|io\\.modelcontextprotocol|com\\.fasterxml|"
          + "Exception\\b|stackTrace|\\bjdk\\b|java\\.version|Temurin|OpenJDK|Apache Tomcat|\\b(17|21|25)\\.0\\.\\d",
      Pattern.CASE_INSENSITIVE);

  private static TestServer server;
  private static HttpTransport http;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), null), null);
    http = HttpTransport.start(server.server, new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of(), BearerTokens.none(), 64 * 1024));
  }

  @AfterAll
  static void stop() {
    http.close();
    server.close();
  }

  private static HttpResponse<String> send(String method, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
        .timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  private static String session() throws Exception {
    HttpResponse<String> r = send("POST", INIT, Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    send("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of("Mcp-Session-Id", id));
    return id;
  }

  private static void assertClean(String what, HttpResponse<String> r) {
    assertThat(r.body()).as(what).isNotBlank().hasSizeLessThan(400);
    assertThat(LEAK.matcher(r.body()).find()).as(what + ": " + r.body()).isFalse();
    assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/json");
  }

  private static JsonNode error(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body()).path("error");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void requestsWithoutASessionGetAShortJsonRpcErrorWithoutStackTrace() throws Exception {
    Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
    answers.put("GET", send("GET", null, Map.of()));
    answers.put("DELETE", send("DELETE", null, Map.of()));
    answers.put("POST without session", send("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Map.of()));
    answers.put("unknown method without session", send("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"frobnicate\"}", Map.of()));

    answers.forEach((what, r) -> {
      assertThat(r.statusCode()).as(what).isEqualTo(400);
      assertClean(what, r);
      assertThat(r.body()).as(what).contains("\"jsonrpc\":\"2.0\"", "ession");
    });
  }

  @Test
  void anUnknownOrEndedSessionIsANotFoundWithAPlainMessage() throws Exception {
    HttpResponse<String> get = send("GET", null, Map.of("Mcp-Session-Id", "no-such-session"));
    HttpResponse<String> post = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Map.of("Mcp-Session-Id", "no-such-session"));

    for (HttpResponse<String> r : List.of(get, post)) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertClean("unknown session", r);
    }
  }

  @Test
  void aMalformedBodyIsAParseErrorNamingWhereItBroke() throws Exception {
    HttpResponse<String> broken = send("POST", "{not json", Map.of());
    HttpResponse<String> nan = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":NaN}}", Map.of());

    for (HttpResponse<String> r : List.of(broken, nan)) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertClean("malformed", r);
      assertThat(error(r).path("code").asInt()).isEqualTo(-32700);
      assertThat(error(r).path("message").asText()).contains("not valid JSON", "line 1");
    }
  }

  @Test
  void batchesDeepNestingAndJsonRpcOtherThanTwoAreInvalidRequests() throws Exception {
    HttpResponse<String> batch = send("POST", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", Map.of());
    HttpResponse<String> deep = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}}", Map.of());
    HttpResponse<String> old = send("POST", "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"initialize\",\"params\":{}}", Map.of());

    assertThat(error(batch).path("message").asText()).contains("batches are not supported");
    assertThat(error(deep).path("message").asText()).contains("deeper than 1000");
    assertThat(error(old).path("message").asText()).contains("\"jsonrpc\" must be \"2.0\"");
    assertThat(JSON.readTree(old.body()).path("id").asInt()).isEqualTo(7);
    for (HttpResponse<String> r : List.of(batch, deep, old)) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertClean("invalid request", r);
      assertThat(error(r).path("code").asInt()).isEqualTo(-32600);
    }
  }

  @Test
  void wronglyShapedParamsAreInvalidParamsNotAnInternalError() throws Exception {
    String id = session();
    HttpResponse<String> arguments = send("POST",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"list_sessions\",\"arguments\":\"all\"}}", Map.of("Mcp-Session-Id", id));
    HttpResponse<String> params = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":[1]}", Map.of("Mcp-Session-Id", id));

    assertThat(error(arguments).path("code").asInt()).isEqualTo(-32602);
    assertThat(error(arguments).path("message").asText()).isEqualTo("Invalid params of tools/call: \"arguments\" must be an object, got a string");
    assertThat(error(params).path("code").asInt()).isEqualTo(-32602);
    assertClean("arguments", arguments);
    assertClean("params", params);
  }

  @Test
  void anUnknownMethodInASessionIsMethodNotFound() throws Exception {
    String id = session();
    HttpResponse<String> r = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"frobnicate\"}", Map.of("Mcp-Session-Id", id));

    assertThat(LEAK.matcher(r.body()).find()).as(r.body()).isFalse();
    String data = r.body().lines().filter(l -> l.startsWith("data:")).findFirst().map(l -> l.substring(5)).orElse(r.body());
    assertThat(JSON.readTree(data).path("error").path("code").asInt()).as(r.body()).isEqualTo(-32601);
  }

  @Test
  void otherHttpMethodsAndPathsGetPlainStatusText() throws Exception {
    HttpResponse<String> put = send("PUT", "{}", Map.of());
    HttpResponse<String> other = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/nothing")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).isEqualTo(405);
    assertClean("PUT", put);
    assertThat(error(put).path("message").asText()).contains("POST, GET and DELETE");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(LEAK.matcher(other.body()).find()).as(other.body()).isFalse();
  }
}
