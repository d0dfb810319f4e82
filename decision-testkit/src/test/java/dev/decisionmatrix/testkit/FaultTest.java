package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.WAIT;
import static dev.decisionmatrix.testkit.SimHttp.answerText;
import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.json;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FaultTest {

  private static LlmSimulator sim;

  @BeforeAll
  static void start() {
    sim = LlmSimulator.builder().start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void resetSimulator() {
    sim.setFaults(FaultScript.none());
    sim.setFaultRate(0);
    sim.reset();
  }

  static Stream<Arguments> statusFaults() {
    List<Arguments> cases = new ArrayList<>();
    String[][] expected = {
      // status, anthropic error type, bedrock error type
      {"400", "invalid_request_error", "ValidationException"},
      {"401", "authentication_error", "AccessDeniedException"},
      {"404", "not_found_error", "ResourceNotFoundException"},
      {"429", "rate_limit_error", "ThrottlingException"},
      {"500", "api_error", "InternalServerException"},
      {"502", "api_error", "InternalServerException"},
      {"503", "api_error", "ServiceUnavailableException"},
      {"529", "overloaded_error", "ServiceUnavailableException"},
    };
    for (Protocol protocol : Protocol.values()) {
      for (String[] e : expected) {
        cases.add(Arguments.of(protocol, Integer.parseInt(e[0]), e[1], e[2]));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} http-{1}")
  @MethodSource("statusFaults")
  void statusFaultAnswersTheStatusWithTheProtocolsErrorShape(
      Protocol protocol, int status, String anthropicType, String bedrockType) throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.status(status)));

    HttpResponse<String> response = send(cell(sim, protocol, "a", "c"));

    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode body = json(response.body());
    switch (protocol) {
      case OPENAI -> {
        assertThat(body.at("/error/message").asText()).isNotEmpty();
        assertThat(body.at("/error/type").asText()).isNotEmpty();
      }
      case ANTHROPIC -> {
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo(anthropicType);
        assertThat(body.at("/error/message").asText()).isNotEmpty();
      }
      case OLLAMA -> assertThat(body.get("error").asText()).isNotEmpty();
      case BEDROCK -> {
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(bedrockType);
        assertThat(body.get("message").asText()).isNotEmpty();
      }
    }
    assertThat(response.headers().firstValue("retry-after").isPresent()).isEqualTo(status == 429);
    assertThat(sim.stats().faultCount(Fault.status(status))).isEqualTo(1);
    assertThat(sim.stats().statusCount(status)).isEqualTo(1);
  }

  @Test
  void sequenceScriptFailsTheNextRequestsThenAnswersNormally() throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.status(503), Fault.status(503)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(send(cell(sim, Protocol.OPENAI, "a", "c")).statusCode());
    }

    assertThat(statuses).containsExactly(503, 503, 200);
    assertThat(sim.stats().faultCount(Fault.status(503))).isEqualTo(2);
  }

  @Test
  void connectionResetIsAnIOExceptionWithoutResponse() {
    sim.setFaults(FaultScript.sequence(Fault.connectionReset()));

    assertThatThrownBy(() -> send(cell(sim, Protocol.OPENAI, "a", "c"))).isInstanceOf(IOException.class);
    assertThat(sim.stats().faultCount(Fault.connectionReset())).isEqualTo(1);
  }

  @Test
  void truncatedBodyIsAnIOException() {
    sim.setFaults(FaultScript.sequence(Fault.truncatedBody()));

    assertThatThrownBy(() -> send(cell(sim, Protocol.ANTHROPIC, "a", "c"))).isInstanceOf(IOException.class);
    assertThat(sim.stats().faultCount(Fault.truncatedBody())).isEqualTo(1);
  }

  @Test
  void timeoutHoldsTheRequestUntilTheClientGivesUp() throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.timeout()));

    assertThatThrownBy(
            () -> send(cell(sim, Protocol.OLLAMA, "a", "c", b -> b.timeout(Duration.ofMillis(200)))))
        .isInstanceOf(HttpTimeoutException.class);
    SimStats stats = sim.stats();
    assertThat(stats.held()).isEqualTo(1);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.faultCount(Fault.timeout())).isEqualTo(1);
    // The next request is answered although the first is still held.
    assertThat(send(cell(sim, Protocol.OLLAMA, "a", "c")).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void malformedJsonIsA200WhoseBodyDoesNotParse(Protocol protocol) throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.malformedJson()));

    HttpResponse<String> response = send(cell(sim, protocol, "a", "c"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SimHttp.JSON.readTree(response.body()))
        .isInstanceOf(JsonProcessingException.class);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void outOfRangeScoreIsAWellFormedAnswerWithScoreFourteen(Protocol protocol) throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.outOfRangeScore()));

    HttpResponse<String> response = send(cell(sim, protocol, "a", "c"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(answerText(protocol, json(response.body()))).get("score").asInt()).isEqualTo(14);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void proseFaultAnswersProseInsteadOfJson(Protocol protocol) throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.prose()));

    HttpResponse<String> response = send(cell(sim, protocol, "a", "c"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(answerText(protocol, json(response.body())))
        .isEqualTo("I think it's pretty good, maybe a seven.");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void echoFaultAnswers401QuotingTheRequestHeadersCredentialsIncluded(Protocol protocol) throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.echoCredentials()));

    HttpResponse<String> response =
        send(cell(sim, protocol, "a", "c", b -> b.setHeader("X-Canary", "canary-secret-1234")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("canary-secret-1234");
  }

  @Test
  void faultScriptCanTargetOneCell() throws Exception {
    sim.setFaults(r -> "bad".equals(r.option()) ? Fault.status(500) : Fault.none());

    assertThat(send(cell(sim, Protocol.OPENAI, "bad", "c")).statusCode()).isEqualTo(500);
    assertThat(send(cell(sim, Protocol.OPENAI, "good", "c")).statusCode()).isEqualTo(200);
  }

  @Test
  void faultRateIsReproducibleForTheSameSeedAndSequence() throws Exception {
    sim.setFaultRate(0.5, Fault.status(500), Fault.status(503));
    List<Integer> first = statuses(20);
    sim.reset();
    List<Integer> second = statuses(20);

    assertThat(first).isEqualTo(second);
    assertThat(first).contains(200).containsAnyOf(500, 503);
    assertThat(first).allMatch(s -> s == 200 || s == 500 || s == 503);
  }

  @Test
  void faultRateOfOneFailsEveryRequestWithTransientFaultsByDefault() throws Exception {
    sim.setFaultRate(1.0);

    assertThat(statuses(12)).allMatch(s -> List.of(429, 500, 502, 503).contains(s));
  }

  @Test
  void slowDripSendsTheHeadersAtOnceAndAValidBodyAFewBytesAtATime() throws Exception {
    sim.setFaults(FaultScript.sequence(Fault.slowDrip()));

    HttpResponse<InputStream> response =
        SimHttp.client().send(cell(sim, Protocol.OPENAI, "a", "c"), HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream in = response.body()) {
      byte[] first = new byte[4096];
      int firstRead = in.read(first);
      assertThat(firstRead).isBetween(1, Fault.DRIP_CHUNK_BYTES);
      byte[] rest = in.readAllBytes();
      assertThat(firstRead + rest.length).isGreaterThan(Fault.DRIP_CHUNK_BYTES);
      String body = new String(first, 0, firstRead, StandardCharsets.UTF_8)
          + new String(rest, StandardCharsets.UTF_8);
      assertThat(json(answerText(Protocol.OPENAI, json(body))).get("score").asInt()).isBetween(1, 10);
    }
    assertThat(sim.stats().faultCount(Fault.slowDrip())).isEqualTo(1);
  }

  @Test
  void overloadedIsA529ThatARandomFaultMixCanChoose() throws Exception {
    sim.setFaultRate(1, Fault.status(529));

    assertThat(statuses(3)).containsOnly(529);
    assertThat(sim.stats().faultCount(Fault.status(529))).isEqualTo(3);
  }

  @Test
  void faultLabelsParseBack() {
    for (Fault f : List.of(Fault.none(), Fault.status(529), Fault.timeout(), Fault.connectionReset(),
        Fault.malformedJson(), Fault.outOfRangeScore(), Fault.prose(), Fault.truncatedBody(), Fault.slowDrip(), Fault.echoCredentials())) {
      assertThat(Fault.parse(f.toString())).isEqualTo(f);
    }
    assertThat(Fault.parse("503")).isEqualTo(Fault.status(503));
    assertThatThrownBy(() -> Fault.parse("explode")).hasMessageContaining("explode");
    assertThatThrownBy(() -> Fault.status(200)).hasMessageContaining("200");
  }

  private static List<Integer> statuses(int n) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(send(cell(sim, Protocol.OPENAI, "a", "c", b -> b.timeout(WAIT))).statusCode());
    }
    return out;
  }
}
