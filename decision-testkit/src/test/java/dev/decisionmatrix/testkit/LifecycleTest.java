package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.WAIT;
import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  @Test
  void bindsToLoopbackOnAFreePort() {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      assertThat(sim.port()).isPositive();
      assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
      assertThat(sim.baseUrl(Protocol.OPENAI)).isEqualTo(sim.baseUrl() + "/v1");
      assertThat(sim.baseUrl(Protocol.ANTHROPIC)).isEqualTo(sim.baseUrl());
      assertThat(sim.toString()).contains(sim.baseUrl());
    }
  }

  @Test
  void closeReleasesHeldRequestsAndFreesThePort() throws Exception {
    LlmSimulator sim = LlmSimulator.builder().faults(FaultScript.always(Fault.timeout())).start();
    int port = sim.port();
    var held = SimHttp.sendAsync(cell(sim, Protocol.OPENAI, "a", "c", b -> b.timeout(Duration.ofMinutes(1))));
    assertThat(sim.awaitStats(s -> s.held() == 1, WAIT)).isTrue();

    sim.close();

    assertThatThrownBy(() -> held.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(sim.stats().held()).isZero();
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    sim.close();
  }

  @Test
  void closeEndsRequestsBlockedInTheJudge() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    LlmSimulator sim =
        LlmSimulator.builder()
            .judge(r -> {
              SimHttp.await(never);
              return "unreachable";
            })
            .start();
    var blocked = SimHttp.sendAsync(cell(sim, Protocol.OLLAMA, "a", "c"));
    assertThat(sim.awaitStats(s -> s.inFlight() == 1, WAIT)).isTrue();

    sim.close();

    assertThatThrownBy(() -> blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void closedSimulatorRefusesConnections() {
    LlmSimulator sim = LlmSimulator.builder().start();
    sim.close();

    assertThatThrownBy(() -> send(cell(sim, Protocol.OPENAI, "a", "c"))).isInstanceOf(IOException.class);
  }

  @Test
  void awaitStatsGivesUpAfterTheTimeout() {
    try (LlmSimulator sim = LlmSimulator.builder().start()) {
      assertThat(sim.awaitStats(s -> s.requests() > 0, Duration.ofMillis(20))).isFalse();
      assertThat(sim.awaitStats(s -> s.requests() == 0, Duration.ZERO)).isTrue();
    }
  }

  @Test
  void maxInFlightRecordsTheHighestConcurrency() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (LlmSimulator sim =
        LlmSimulator.builder()
            .judge(r -> {
              SimHttp.await(release);
              return LlmSimulator.defaultJudge().apply(r);
            })
            .start()) {
      var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
      for (int i = 0; i < 5; i++) {
        futures.add(SimHttp.sendAsync(cell(sim, Protocol.ANTHROPIC, "o" + i, "c")));
      }
      assertThat(sim.awaitStats(s -> s.inFlight() == 5, WAIT)).isTrue();
      release.countDown();
      for (var f : futures) {
        f.get();
      }

      assertThat(sim.stats().maxInFlight()).isEqualTo(5);
      assertThat(sim.stats().inFlight()).isZero();
      sim.reset();
      assertThat(sim.stats().maxInFlight()).isZero();
    }
  }

  @Test
  void latencyIsAppliedAndCanChangeWhileRunning() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(150)).start()) {
      long start = System.nanoTime();
      send(cell(sim, Protocol.OPENAI, "a", "c"));
      long slow = System.nanoTime() - start;
      sim.setLatency(LatencyModel.none());

      assertThat(Duration.ofNanos(slow)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
      assertThat(sim.toString()).contains("latency=none");
    }
  }

  @Test
  void latencyModelsAreDeterministicPerSeedAndSequence() {
    SimRequest r0 = request(0);
    SimRequest r1 = request(1);
    LatencyModel uniform = LatencyModel.uniform(Duration.ofMillis(10), Duration.ofMillis(50), 7);
    LatencyModel logNormal = LatencyModel.logNormal(Duration.ofMillis(100), 0.5, 7);

    assertThat(uniform.delayFor(r0)).isEqualTo(uniform.delayFor(r0))
        .isBetween(Duration.ofMillis(10), Duration.ofMillis(50));
    assertThat(uniform.delayFor(r0)).isNotEqualTo(uniform.delayFor(r1));
    assertThat(logNormal.delayFor(r1)).isEqualTo(LatencyModel.logNormal(Duration.ofMillis(100), 0.5, 7).delayFor(r1));
    assertThat(LatencyModel.logNormal(Duration.ofMillis(100), 0, 1).delayFor(r0)).isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> LatencyModel.fixed(Duration.ofMillis(-1))).hasMessageContaining("delay");
  }

  @Test
  void builderRejectsBadValuesNamingThem() {
    var b = LlmSimulator.builder();
    assertThatThrownBy(() -> b.capacity(0, Overflow.QUEUE)).hasMessageContaining("maxInFlight");
    assertThatThrownBy(() -> b.port(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> b.faultRate(1.5)).hasMessageContaining("faultRate");
    assertThatThrownBy(() -> b.requireApiKey(" ")).hasMessageContaining("apiKey");
    assertThatThrownBy(() -> b.models(java.util.Set.of())).hasMessageContaining("models");
    assertThatThrownBy(() -> b.retryAfter(Duration.ofSeconds(-1))).hasMessageContaining("retryAfter");
  }

  private static SimRequest request(long sequence) {
    return new SimRequest(Protocol.OPENAI, "m", "", java.util.List.of(), null, null, false, null, null, sequence);
  }
}
