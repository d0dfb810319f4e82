package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final Instant DOWN_AT = Instant.parse("2026-12-03T13:00:00Z");
  private static final CircuitBreakerPolicy POLICY = new CircuitBreakerPolicy(5, Duration.ofSeconds(30));

  /** A provider that answers while up and fails every call with a server error while down. */
  static final class Provider implements LlmBackend {
    final AtomicBoolean up = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();
    volatile LlmErrorKind failure = LlmErrorKind.TRANSIENT;

    @Override
    public dev.decisionmatrix.llm.ChatResponse chat(dev.decisionmatrix.llm.ChatRequest request) {
      calls.incrementAndGet();
      if (up.get()) {
        return Fixtures.answer(request);
      }
      throw new LlmException(failure, "HTTP 500 from the provider");
    }
  }

  private static DecisionEngine.Builder engine(Provider provider, AtomicLong now) {
    return Fixtures.engine(provider).ticker(now::get).clock(Clock.fixed(DOWN_AT, ZoneOffset.UTC)).circuitBreaker(POLICY)
        .hedging(null).maxConcurrency(1).retryPolicy(RetryPolicy.none());
  }

  @Test
  void aBackendThatFailsEveryCallOpensItsCircuitAndTheRestOfTheEvaluationFailsAtOnceSayingSinceWhen() {
    Provider provider = new Provider();
    AtomicLong now = new AtomicLong();
    try (DecisionEngine engine = engine(provider, now).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(10, 10));

      assertThat(provider.calls.get()).as("only the burst that opened the circuit reached the provider").isEqualTo(5);
      assertThat(evaluation.stats().failed()).isEqualTo(100);
      assertThat(evaluation.stats().calls()).isEqualTo(5);
      assertThat(evaluation.judgment("Option 9", "Criterion 9")).isInstanceOfSatisfying(Judgment.Failed.class, f -> {
        assertThat(f.kind()).isEqualTo(LlmErrorKind.OVERLOADED);
        assertThat(f.message()).contains("the provider is down since 2026-12-03T13:00:00Z", "5 calls in a row failed", "HTTP 500",
            "probes again in 30000 ms");
      });
      assertThat(evaluation.stats().openCircuits()).singleElement().satisfies(c -> {
        assertThat(c.status()).isEqualTo(CircuitState.Status.OPEN);
        assertThat(c.downSince()).isEqualTo(DOWN_AT);
        assertThat(c.describe()).contains("open, the provider is down since 2026-12-03T13:00:00Z");
      });
      assertThat(engine.circuits()).singleElement().extracting(CircuitState::status).isEqualTo(CircuitState.Status.OPEN);
      assertThat(engine.callsInFlight()).isZero();
    }
  }

  @Test
  void afterTheOpenTimeOneProbeIsLetThroughAndItsSuccessClosesTheCircuit() {
    Provider provider = new Provider();
    AtomicLong now = new AtomicLong();
    try (DecisionEngine engine = engine(provider, now).build()) {
      engine.evaluate(Fixtures.decision(3, 3));
      assertThat(provider.calls.get()).isEqualTo(5);

      now.addAndGet(Duration.ofSeconds(29).toNanos());
      engine.evaluate(Fixtures.decision(3, 3).withTopic("Still down?"));
      assertThat(provider.calls.get()).as("no probe before the open time").isEqualTo(5);

      now.addAndGet(Duration.ofSeconds(1).toNanos());
      assertThat(engine.circuits()).singleElement().extracting(CircuitState::status).isEqualTo(CircuitState.Status.HALF_OPEN);
      Evaluation failedProbe = engine.evaluate(Fixtures.decision(3, 3).withTopic("Down, probed"));
      assertThat(provider.calls.get()).as("one probe, which failed and opened the circuit again").isEqualTo(6);
      assertThat(failedProbe.stats().openCircuits()).singleElement().satisfies(c -> assertThat(c.downSince()).isEqualTo(DOWN_AT));

      provider.up.set(true);
      now.addAndGet(Duration.ofSeconds(30).toNanos());
      Evaluation recovered = engine.evaluate(Fixtures.decision(3, 3).withTopic("Back"));

      assertThat(recovered.counts().scored()).isEqualTo(9);
      assertThat(recovered.stats().openCircuits()).isEmpty();
      assertThat(engine.circuits()).singleElement().extracting(CircuitState::status).isEqualTo(CircuitState.Status.CLOSED);
    }
  }

  @Test
  void aSuccessBetweenFailuresKeepsTheCircuitClosed() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend flaky = request -> {
      if (calls.incrementAndGet() % 2 == 0) {
        return Fixtures.answer(request);
      }
      throw new LlmException(LlmErrorKind.TRANSIENT, "connection reset");
    };
    try (DecisionEngine engine = Fixtures.engine(flaky).circuitBreaker(new CircuitBreakerPolicy(2, Duration.ofHours(1))).hedging(null)
        .maxConcurrency(1).retryPolicy(RetryPolicy.none()).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(5, 4));
      assertThat(calls.get()).isEqualTo(20);
      assertThat(evaluation.stats().openCircuits()).isEmpty();
    }
  }

  @Test
  void rateLimitingAndBadRequestsNeverOpenTheCircuit() {
    for (LlmErrorKind kind : new LlmErrorKind[] {LlmErrorKind.RATE_LIMITED, LlmErrorKind.BAD_REQUEST, LlmErrorKind.AUTHENTICATION}) {
      Provider provider = new Provider();
      provider.failure = kind;
      try (DecisionEngine engine = engine(provider, new AtomicLong()).build()) {
        Evaluation evaluation = engine.evaluate(Fixtures.decision(4, 4));
        assertThat(provider.calls.get()).as(kind.name()).isEqualTo(16);
        assertThat(evaluation.stats().openCircuits()).as(kind.name()).isEmpty();
      }
    }
  }

  @Test
  void withTheBreakerOffEveryCallReachesTheProvider() {
    Provider provider = new Provider();
    try (DecisionEngine engine = engine(provider, new AtomicLong()).circuitBreaker(null).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(4, 4));
      assertThat(provider.calls.get()).isEqualTo(16);
      assertThat(evaluation.stats().circuits()).isEmpty();
      assertThat(engine.circuits()).isEmpty();
    }
  }

  @Test
  void aPolicyOutOfRangeIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> new CircuitBreakerPolicy(0, Duration.ofSeconds(1))).hasMessageContaining("failures");
    assertThatThrownBy(() -> new CircuitBreakerPolicy(5, Duration.ZERO)).hasMessageContaining("openFor");
  }
}
