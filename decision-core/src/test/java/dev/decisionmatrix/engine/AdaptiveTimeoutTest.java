package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveTimeoutTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final AdaptiveTimeout POLICY = new AdaptiveTimeout(0.99, 3, Duration.ofMillis(50), 20);

  @Test
  void aWindowGivesTheCeilingThenTenTimesTheSlowestAnswerUntilItHasSeenEnoughCalls() {
    LatencyWindow window = new LatencyWindow();
    window.record(Duration.ofMillis(100).toNanos(), POLICY, HOUR);
    window.record(Duration.ofMillis(120).toNanos(), POLICY, HOUR);
    assertThat(window.timeout(HOUR)).as("two answers tell too little").isEqualTo(HOUR);

    window.record(Duration.ofMillis(100).toNanos(), POLICY, HOUR);
    assertThat(window.timeout(HOUR)).as("provisional: 10 x the slowest").isEqualTo(Duration.ofMillis(1200));
    for (int i = 3; i < 19; i++) {
      window.record(Duration.ofMillis(100).toNanos(), POLICY, HOUR);
    }
    assertThat(window.timeout(HOUR)).isEqualTo(Duration.ofMillis(1200));
    assertThat(window.timeout(Duration.ofSeconds(1))).as("never above the ceiling").isEqualTo(Duration.ofSeconds(1));

    window.record(Duration.ofMillis(100).toNanos(), POLICY, HOUR);
    assertThat(window.timeout(HOUR)).as("the policy's own from its 20th sample").isEqualTo(Duration.ofMillis(360));
  }

  @Test
  void aProvisionalTimeoutNeverUndercutsTheFloor() {
    LatencyWindow window = new LatencyWindow();
    for (int i = 0; i < 3; i++) {
      window.record(1_000, POLICY, HOUR);
    }
    assertThat(window.timeout(HOUR)).isEqualTo(POLICY.floor());
  }

  /**
   * The only slot hangs while the engine has seen only a few answers, so no success can arrive to
   * derive a timeout from: the provisional timeout frees them instead of the ceiling.
   */
  @Test
  void callsThatHangBeforeEnoughAnswersAreInFailAtTheProvisionalTimeoutNotTheCeiling() throws Exception {
    LlmBackend backend =
        request -> {
          String option = Fixtures.option(request);
          if (option.equals("Option 3") || option.equals("Option 4")) {
            try {
              new CountDownLatch(1).await(); // the only slot hangs, twice, after three quick answers
            } catch (InterruptedException e) {
              throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
            }
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).callTimeout(HOUR).adaptiveTimeout(POLICY).hedging(null).maxConcurrency(1)
        .retryPolicy(RetryPolicy.none()).build()) {
      Evaluation evaluation = engine.start(Fixtures.decision(8, 1), null, null).result().get(1, java.util.concurrent.TimeUnit.MINUTES);

      assertThat(evaluation.counts().scored()).isEqualTo(6);
      for (String hung : java.util.List.of("Option 3", "Option 4")) {
        assertThat(evaluation.judgment(hung, "Criterion 0")).isInstanceOfSatisfying(Judgment.Failed.class,
            failed -> assertThat(failed.kind()).isEqualTo(LlmErrorKind.TIMEOUT));
      }
    }
  }

  @Test
  void theTimeoutIsTheQuantileTimesTheFactorBetweenFloorAndCeiling() {
    LatencyWindow window = new LatencyWindow();
    for (int i = 1; i <= 96; i++) {
      window.record(Duration.ofMillis(i * 10L).toNanos(), POLICY, HOUR);
    }
    // p99 of 10, 20, ..., 960 ms is the largest, 960 ms
    assertThat(window.timeout(HOUR)).isEqualTo(Duration.ofMillis(2880));
    assertThat(window.timeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));

    LatencyWindow fast = new LatencyWindow();
    for (int i = 0; i < 20; i++) {
      fast.record(1_000, POLICY, HOUR);
    }
    assertThat(fast.timeout(HOUR)).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void theWindowForgetsOldLatenciesSoARecoveredProviderGetsShortTimeoutsAgain() {
    LatencyWindow window = new LatencyWindow();
    for (int i = 0; i < LatencyWindow.SIZE; i++) {
      window.record(Duration.ofSeconds(10).toNanos(), POLICY, HOUR);
    }
    assertThat(window.timeout(HOUR)).isEqualTo(Duration.ofSeconds(30));
    for (int i = 0; i < LatencyWindow.SIZE; i++) {
      window.record(Duration.ofMillis(100).toNanos(), POLICY, HOUR);
    }
    assertThat(window.timeout(HOUR)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aHungCallAfterFastOnesFailsAtTheDerivedTimeoutNotTheCeilingAndSaysSo() {
    AtomicLong now = new AtomicLong();
    AtomicBoolean hang = new AtomicBoolean();
    LlmBackend backend =
        request -> {
          if (hang.get()) {
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
            }
          }
          now.addAndGet(Duration.ofMillis(10).toNanos()); // each answer takes 10 ms on the injected clock
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine =
        Fixtures.engine(backend)
            .ticker(now::get)
            .callTimeout(HOUR)
            .callTimeoutSetting("--call-timeout")
            .adaptiveTimeout(POLICY)
            .retryPolicy(RetryPolicy.none())
            .build()) {
      assertThat(engine.evaluate(Fixtures.decision(5, 5)).counts().scored()).isEqualTo(25);

      hang.set(true);
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 1).withTopic("Another question"));

      Judgment judgment = evaluation.judgment("Option 0", "Criterion 0");
      assertThat(judgment).isInstanceOfSatisfying(Judgment.Failed.class, failed -> {
        assertThat(failed.kind()).isEqualTo(LlmErrorKind.TIMEOUT);
        assertThat(failed.message()).contains("ms, the timeout derived from this backend's observed latency", "--call-timeout = 3600 s");
      });
    }
  }

  @Test
  void aCallThatHungBeforeTheLatencyWasKnownAdoptsTheDerivedTimeoutOnceItIsInsteadOfWaitingForTheCeiling() throws Exception {
    AtomicLong now = new AtomicLong();
    LlmBackend backend =
        request -> {
          if (Fixtures.option(request).equals("Option 0")) {
            try {
              new CountDownLatch(1).await(); // the first call hangs while the engine knows nothing yet
            } catch (InterruptedException e) {
              throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
            }
          }
          now.addAndGet(Duration.ofMillis(10).toNanos());
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine =
        Fixtures.engine(backend).ticker(now::get).callTimeout(HOUR).adaptiveTimeout(POLICY).hedging(null).maxConcurrency(2)
            .retryPolicy(RetryPolicy.none()).build()) {
      Evaluation evaluation = engine.start(Fixtures.decision(30, 1), null, null).result().get(1, java.util.concurrent.TimeUnit.MINUTES);

      assertThat(evaluation.counts().scored()).isEqualTo(29);
      assertThat(evaluation.judgment("Option 0", "Criterion 0")).isInstanceOfSatisfying(Judgment.Failed.class, failed -> {
        assertThat(failed.kind()).isEqualTo(LlmErrorKind.TIMEOUT);
        assertThat(failed.message()).contains("the timeout derived from this backend's observed latency");
      });
    }
  }

  @Test
  void theFixedTimeoutNamesTheSettingThatRaisesIt() {
    LlmBackend hanging =
        request -> {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine =
        Fixtures.engine(hanging).callTimeout(Duration.ofMillis(20)).callTimeoutSetting("DECISION_MATRIX_CALL_TIMEOUT")
            .adaptiveTimeout(null).retryPolicy(RetryPolicy.none()).build()) {
      Judgment judgment = engine.evaluate(Fixtures.decision(1, 1)).judgment("Option 0", "Criterion 0");
      assertThat(judgment).isInstanceOfSatisfying(Judgment.Failed.class,
          failed -> assertThat(failed.message()).contains("call timeout of 20 ms", "raise DECISION_MATRIX_CALL_TIMEOUT"));
    }
  }

  @Test
  void aPolicyOutOfRangeIsRefusedWithTheValue() {
    assertThatThrownBy(() -> new AdaptiveTimeout(1.5, 3, Duration.ofSeconds(1), 20)).hasMessageContaining("quantile");
    assertThatThrownBy(() -> new AdaptiveTimeout(0.99, 0.5, Duration.ofSeconds(1), 20)).hasMessageContaining("factor");
    assertThatThrownBy(() -> new AdaptiveTimeout(0.99, 3, Duration.ZERO, 20)).hasMessageContaining("floor");
  }
}
