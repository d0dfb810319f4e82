package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.WAIT;
import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.json;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static dev.decisionmatrix.testkit.SimHttp.sendAsync;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CapacityTest {

  /** A simulator whose judge holds every request until {@code release} opens. */
  private static LlmSimulator gated(CountDownLatch release, int capacity, Overflow overflow) {
    return LlmSimulator.builder()
        .capacity(capacity, overflow)
        .retryAfter(Duration.ofMillis(250))
        .judge(r -> {
          SimHttp.await(release);
          return LlmSimulator.defaultJudge().apply(r);
        })
        .start();
  }

  @Test
  void rejectAnswers429WithRetryHintsBeyondCapacity() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (LlmSimulator sim = gated(release, 2, Overflow.REJECT)) {
      var first = sendAsync(cell(sim, Protocol.OPENAI, "a", "c"));
      var second = sendAsync(cell(sim, Protocol.OPENAI, "b", "c"));
      assertThat(sim.awaitStats(s -> s.inFlight() == 2, WAIT)).isTrue();

      HttpResponse<String> third = send(cell(sim, Protocol.OPENAI, "c", "c"));
      release.countDown();

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).hasValue("1");
      assertThat(third.headers().firstValue("retry-after-ms")).hasValue("250");
      assertThat(third.headers().firstValue("x-ratelimit-reset-requests")).hasValue("250ms");
      assertThat(json(third.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(first.get().statusCode()).isEqualTo(200);
      assertThat(second.get().statusCode()).isEqualTo(200);
      SimStats stats = sim.stats();
      assertThat(stats.rejected()).isEqualTo(1);
      assertThat(stats.rateLimited()).isEqualTo(1);
      assertThat(stats.maxInFlight()).isEqualTo(2);
    }
  }

  @Test
  void bedrockCapacityRejectionIsAThrottlingException() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (LlmSimulator sim = gated(release, 1, Overflow.REJECT)) {
      var first = sendAsync(cell(sim, Protocol.BEDROCK, "a", "c"));
      assertThat(sim.awaitStats(s -> s.inFlight() == 1, WAIT)).isTrue();

      HttpResponse<String> second = send(cell(sim, Protocol.BEDROCK, "b", "c"));
      release.countDown();

      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
      assertThat(json(second.body()).get("message").asText()).isNotEmpty();
      assertThat(first.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void queueNeverLetsMoreThanCapacityInFlightAndAnswersEveryone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (LlmSimulator sim = gated(release, 2, Overflow.QUEUE)) {
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(sendAsync(cell(sim, Protocol.values()[i % 4], "option " + i, "c")));
      }
      assertThat(sim.awaitStats(s -> s.inFlight() == 2 && s.queued() == 4, WAIT)).isTrue();
      release.countDown();

      for (var f : futures) {
        assertThat(f.get().statusCode()).isEqualTo(200);
      }
      SimStats stats = sim.stats();
      assertThat(stats.maxInFlight()).isEqualTo(2);
      assertThat(stats.rejected()).isZero();
      assertThat(stats.queued()).isZero();
    }
  }

  @Test
  void capacityCanBeChangedWhileRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (LlmSimulator sim = gated(release, 1, Overflow.REJECT)) {
      var held = sendAsync(cell(sim, Protocol.OLLAMA, "a", "c"));
      assertThat(sim.awaitStats(s -> s.inFlight() == 1, WAIT)).isTrue();
      assertThat(send(cell(sim, Protocol.OLLAMA, "b", "c")).statusCode()).isEqualTo(429);

      sim.setCapacity(2, Overflow.REJECT);
      var admitted = sendAsync(cell(sim, Protocol.OLLAMA, "b", "c"));
      assertThat(sim.awaitStats(s -> s.inFlight() == 2, WAIT)).isTrue();
      release.countDown();

      assertThat(held.get().statusCode()).isEqualTo(200);
      assertThat(admitted.get().statusCode()).isEqualTo(200);
      sim.removeCapacityLimit();
      assertThat(send(cell(sim, Protocol.OLLAMA, "c", "c")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void subSecondAndWholeSecondRetryHintsUseProviderFormats() throws Exception {
    try (LlmSimulator sim =
        LlmSimulator.builder()
            .faults(FaultScript.sequence(Fault.status(429), Fault.status(429)))
            .retryAfter(Duration.ofMillis(1500))
            .start()) {
      HttpResponse<String> first = send(cell(sim, Protocol.ANTHROPIC, "a", "c"));
      sim.setRetryAfter(Duration.ofSeconds(2));
      HttpResponse<String> second = send(cell(sim, Protocol.ANTHROPIC, "a", "c"));

      assertThat(first.headers().firstValue("retry-after")).hasValue("2");
      assertThat(first.headers().firstValue("retry-after-ms")).hasValue("1500");
      assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1.5s");
      assertThat(json(first.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
      assertThat(second.headers().firstValue("x-ratelimit-reset-requests")).hasValue("2s");
      assertThat(sim.stats().rateLimited()).isEqualTo(2);
      assertThat(sim.stats().rejected()).isZero();
    }
  }

  @Test
  void slotIsFreeOnceTheAnswerIsOnItsWayToTheClient() throws Exception {
    // The first answer is far larger than the loopback socket buffers and its reader never reads
    // it, so the server is stuck writing it. The slot must be free anyway: a client that sends its
    // next request the moment it has a response must not be rejected.
    String huge = "x".repeat(64 * 1024 * 1024);
    try (LlmSimulator sim =
        LlmSimulator.builder()
            .capacity(1, Overflow.REJECT)
            .judge(r -> r.sequence() == 0 ? huge : LlmSimulator.defaultJudge().apply(r))
            .start()) {
      ObjectNode payload = SimHttp.body(Protocol.OPENAI, "gpt", "big answer please");
      payload.remove("max_completion_tokens");
      HttpResponse<InputStream> big =
          SimHttp.client()
              .send(
                  SimHttp.request(sim, Protocol.OPENAI, "gpt", payload.toString()).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      try {
        assertThat(big.statusCode()).isEqualTo(200);

        assertThat(send(cell(sim, Protocol.OPENAI, "next", "c")).statusCode()).isEqualTo(200);
        assertThat(sim.stats().rejected()).isZero();
      } finally {
        big.body().close();
      }
    }
  }
}
