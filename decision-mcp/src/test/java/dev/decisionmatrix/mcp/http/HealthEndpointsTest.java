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
}
