package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingTest {

  @Test
  void recordedRequestsCarryProtocolPathModelHeadersAndBody() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      send(cell(sim, Protocol.ANTHROPIC, "a", "c"));

      RecordedRequest r = sim.requests().getFirst();
      assertThat(r.protocol()).isEqualTo(Protocol.ANTHROPIC);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/v1/messages");
      assertThat(r.model()).isEqualTo("claude-haiku-4-5");
      assertThat(r.sequence()).isZero();
      assertThat(r.headers().first("X-API-KEY")).isEqualTo(SimHttp.KEY);
      assertThat(SimHttp.json(r.body()).at("/messages/0/content/0/text").asText()).contains("<data name=\"option_name\">");
    }
  }

  @Test
  void printoutsRedactSecrets() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      send(cell(sim, Protocol.OPENAI, "a", "c", b -> b.header("Cookie", "session=cookie-secret")));
      send(cell(sim, Protocol.ANTHROPIC, "a", "c"));
      send(cell(sim, Protocol.BEDROCK, "a", "c", b -> b.header("api-key", "azure-secret")));

      String printed = sim.requests().toString() + sim.requests().getFirst().headers();
      assertThat(printed)
          .doesNotContain(SimHttp.KEY, "cookie-secret", "azure-secret", "session-token-secret", "AKIDEXAMPLE")
          .contains("authorization=[***]", "x-api-key=[***]", "cookie=[***]", "x-amz-security-token=[***]");
      assertThat(RecordedHeaders.isSecret("Authorization")).isTrue();
      assertThat(RecordedHeaders.isSecret("Content-Type")).isFalse();
    }
  }

  @Test
  void headersAreCaseInsensitiveAndRedactedOnlyInPrintouts() {
    RecordedHeaders headers =
        RecordedHeaders.of(Map.of("Authorization", List.of("Bearer s3cret"), "Accept", List.of("a/b")));

    assertThat(headers.first("authorization")).isEqualTo("Bearer s3cret");
    assertThat(headers.redacted()).containsEntry("authorization", List.of("***"));
    assertThat(headers.toString()).doesNotContain("s3cret").contains("accept=[a/b]");
  }

  @Test
  void statsCountBytesBothWays() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      HttpRequest request = cell(sim, Protocol.OLLAMA, "a", "c");
      long requestBytes = request.bodyPublisher().orElseThrow().contentLength();
      HttpResponse<String> first = send(request);
      HttpResponse<String> second = send(cell(sim, Protocol.OLLAMA, "b", "c"));

      SimStats stats = sim.stats();
      long sentBytes =
          first.body().getBytes(StandardCharsets.UTF_8).length
              + second.body().getBytes(StandardCharsets.UTF_8).length;
      assertThat(stats.bytesSent()).isEqualTo(sentBytes);
      assertThat(stats.bytesReceived()).isEqualTo(2 * requestBytes);
      assertThat(stats.requests()).isEqualTo(2);
      assertThat(stats.requestCount(Protocol.OLLAMA)).isEqualTo(2);
      assertThat(stats.statusCount(200)).isEqualTo(2);
      assertThat(stats.outputTokens()).isPositive();
    }
  }

  @Test
  void resetZeroesCountersAndForgetsRequests() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      send(cell(sim, Protocol.OPENAI, "a", "c"));
      sim.reset();

      SimStats stats = sim.stats();
      assertThat(stats.requests()).isZero();
      assertThat(stats.bytesSent()).isZero();
      assertThat(stats.maxInFlight()).isZero();
      assertThat(stats.statuses()).isEmpty();
      assertThat(stats.requestsByProtocol()).containsOnlyKeys(Protocol.values()).allSatisfy((p, n) -> assertThat(n).isZero());
      assertThat(sim.requests()).isEmpty();
    }
  }

  @Test
  void requestLogKeepsOnlyTheMostRecentRequests() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().recordLimit(2).start()) {
      for (int i = 0; i < 4; i++) {
        send(cell(sim, Protocol.OPENAI, "option " + i, "c"));
      }

      assertThat(sim.requests()).extracting(RecordedRequest::sequence).containsExactly(2L, 3L);
      assertThat(sim.stats().requests()).isEqualTo(4);
    }
  }
}
