package dev.decisionmatrix.mcp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /healthz and /readyz over real HTTP: no token needed, plain answers, 503 with the reason when not ready. */
class HealthEndpointsTest {

  private static final String TOKEN = "health-test-token-0123456789";
  private static final AtomicReference<String> PROBLEM = new AtomicReference<>();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static TestServer server;
  private static HttpTransport http;

  @BeforeAll
  static void start() throws IOException {
    server = new TestServer(FakeBackends.none(), null);
    http = HttpTransport.start(server.server, new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of(), TOKEN, 64 * 1024),
        PROBLEM::get, HttpTransport.Mode.SESSIONS);
  }

  @AfterAll
  static void stop() {
    http.close();
    server.close();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthzAnswersOkWithoutTheToken() throws Exception {
    HttpResponse<String> r = get("/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok\n");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void readyzIsReadyWhileTheDependenciesAnswerAndSays503WithTheReasonWhenTheyDoNot() throws Exception {
    PROBLEM.set(null);
    HttpResponse<String> ready = get("/readyz");
    PROBLEM.set("Redis does not answer");
    HttpResponse<String> notReady = get("/readyz");
    PROBLEM.set(null);
    HttpResponse<String> readyAgain = get("/readyz");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("not ready: Redis does not answer\n");
    assertThat(readyAgain.statusCode()).isEqualTo(200);
  }

  @Test
  void theMcpEndpointStillNeedsTheToken() throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(http.url()))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain(TOKEN);
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
  }

  /**
   * One connection serves many more requests than Tomcat's default of 100 and is never closed
   * while in use: a server that closes a busy connection makes the POST a client sends on it at
   * that moment fail with no answer.
   */
  @Test
  void aBusyConnectionStaysOpenPastAHundredRequests() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = 1; i <= 250; i++) {
        out.write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        String status = in.readLine();
        assertThat(status).as("status line of request %d on one connection", i).isEqualTo("HTTP/1.1 200 ");
        int length = -1;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
          String lower = line.toLowerCase(java.util.Locale.ROOT);
          assertThat(lower).as("header of response %d", i).isNotEqualTo("connection: close");
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(lower.substring("content-length:".length()).strip());
          }
        }
        assertThat(length).as("content length of response %d", i).isEqualTo(3);
        char[] body = new char[length];
        assertThat(in.read(body, 0, length)).isEqualTo(length);
        assertThat(new String(body)).isEqualTo("ok\n");
      }
    }
  }
}
