package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.DecisionLimits;
import dev.decisionmatrix.model.InvalidDecisionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EngineLifecycleTest {

  /** Blocks every call until interrupted; counts entries and interruptions. */
  static final class Blocking implements LlmBackend {
    final CountDownLatch entered;
    final AtomicInteger interrupted = new AtomicInteger();

    Blocking(int expected) {
      this.entered = new CountDownLatch(expected);
    }

    @Override
    public ChatResponse chat(dev.decisionmatrix.llm.ChatRequest request) {
      entered.countDown();
      try {
        new CountDownLatch(1).await();
        throw new AssertionError("unreachable");
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        Thread.currentThread().interrupt();
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
    }
  }

  @Test
  void cancellationStopsOutstandingCallsPromptly() throws Exception {
    Blocking backend = new Blocking(4);
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(4).build()) {
      RunningEvaluation running = engine.start(Fixtures.decision(5, 4), null, EvaluationOptions.defaults());
      assertThat(backend.entered.await(10, TimeUnit.SECONDS)).isTrue();

      running.cancel();
      Evaluation evaluation = running.result().get(10, TimeUnit.SECONDS);

      assertThat(evaluation.stats().cancelled()).isTrue();
      assertThat(evaluation.counts().failed()).isEqualTo(20);
      assertThat(evaluation.cells()).allSatisfy(c -> assertThat(c.judgment())
          .isInstanceOfSatisfying(Judgment.Failed.class, f -> assertThat(f.kind()).isEqualTo(LlmErrorKind.CANCELLED)));
      awaitNoCallsInFlight(engine);
      assertThat(backend.interrupted.get()).isEqualTo(4);
      assertThat(evaluation.stats().calls()).as("queued calls never started").isEqualTo(4);
    }
  }

  @Test
  void theDeadlineEndsAnEvaluationWithTimedOutCells() throws Exception {
    Blocking backend = new Blocking(1);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      RunningEvaluation running =
          engine.start(Fixtures.decision(2, 2), null, EvaluationOptions.builder().deadline(Duration.ofMillis(100)).build());
      Evaluation evaluation = running.result().get(10, TimeUnit.SECONDS);

      assertThat(evaluation.stats().cancelled()).isTrue();
      assertThat(evaluation.cells()).allSatisfy(c -> assertThat(c.judgment())
          .isInstanceOfSatisfying(Judgment.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(LlmErrorKind.TIMEOUT);
            assertThat(f.message()).contains("deadline");
          }));
    }
  }

  @Test
  void theCallTimeoutInterruptsAHangingCallAndTheRetrySucceeds() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend =
        request -> {
          if (calls.incrementAndGet() == 1) {
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
            }
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).callTimeout(Duration.ofMillis(50)).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 1));

      assertThat(evaluation.counts().scored()).isEqualTo(1);
      assertThat(evaluation.stats().retries()).isEqualTo(1);
    }
  }

  @Test
  void interruptingABlockingEvaluateCancelsItAndKeepsTheFlag() throws Exception {
    Blocking backend = new Blocking(1);
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      List<Object> outcome = new ArrayList<>();
      Thread caller =
          Thread.ofVirtual().start(() -> {
            Evaluation e = engine.evaluate(Fixtures.decision(1, 2));
            outcome.add(e);
            outcome.add(Thread.currentThread().isInterrupted());
          });
      assertThat(backend.entered.await(10, TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      caller.join(10_000);

      assertThat(outcome).hasSize(2);
      assertThat(((Evaluation) outcome.get(0)).stats().cancelled()).isTrue();
      assertThat(outcome.get(1)).isEqualTo(true);
    }
  }

  @Test
  void durationsComeFromTheInjectedTicker() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    LlmBackend slow = request -> {
      now.addAndGet(Duration.ofSeconds(5).toNanos());
      return Fixtures.answer(request);
    };
    List<CellResult> cells = new ArrayList<>();
    try (DecisionEngine engine = Fixtures.engine(slow).ticker(now::get).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 1), null, EvaluationOptions.builder().listener((c, p) -> cells.add(c)).build());
      assertThat(evaluation.stats().wallTime()).isEqualTo(Duration.ofSeconds(5));
      assertThat(cells).singleElement().satisfies(c -> assertThat(c.latency()).isEqualTo(Duration.ofSeconds(5)));
    }
  }

  @Test
  void listenerSeesEveryCellOnceWithRisingProgress() {
    List<Progress> seen = new ArrayList<>();
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).build()) {
      engine.evaluate(Fixtures.decision(4, 5), null, EvaluationOptions.builder().listener((cell, p) -> seen.add(p)).build());
    }
    assertThat(seen).hasSize(20);
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i).done()).isEqualTo(i + 1);
      assertThat(seen.get(i).total()).isEqualTo(20);
    }
  }

  @Test
  void theStreamDeliversEveryCellAndEnds() {
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).build();
        Stream<CellResult> results = engine.stream(Fixtures.decision(3, 3), null, EvaluationOptions.defaults())) {
      List<CellResult> all = results.toList();
      assertThat(all).hasSize(9);
      assertThat(all).extracting(r -> r.optionIndex() * 3 + r.criterionIndex()).doesNotHaveDuplicates();
      assertThat(all).allSatisfy(r -> assertThat(r.source()).isEqualTo(CellResult.Source.BACKEND));
    }
  }

  @Test
  void samplesAreReducedByTheMedianAndTheSpreadIsKept() {
    LlmBackend backend =
        request -> {
          String prompt = request.lastUserMessage();
          double score = prompt.contains("assessment number 2") ? 9 : prompt.contains("assessment number 3") ? 6 : 4;
          return ChatResponse.of("{\"score\": " + score + ", \"reasoning\": \"r" + score + "\", \"confidence\": 0.5}");
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 1), null, EvaluationOptions.builder().samples(3).build());

      assertThat(evaluation.judgment(0, 0)).isInstanceOfSatisfying(Judgment.Scored.class, s -> {
        assertThat(s.score()).isEqualTo(6);
        assertThat(s.spread()).isEqualTo(5);
        assertThat(s.samples()).isEqualTo(3);
        assertThat(s.reasoning()).isEqualTo("r6.0");
      });
      assertThat(evaluation.stats().calls()).isEqualTo(3);
    }
  }

  @Test
  void aCriterionCanNameAnotherRegisteredBackend() {
    AtomicInteger special = new AtomicInteger();
    LlmBackend other = request -> {
      special.incrementAndGet();
      return Fixtures.answer(request);
    };
    Decision decision = Fixtures.decision(3, 1).withCriterion(Criterion.builder("Security").backend("Auditor").model("m2").build());
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).backend("auditor", other).build()) {
      Evaluation evaluation = engine.evaluate(decision);
      assertThat(evaluation.counts().scored()).isEqualTo(6);
      assertThat(special.get()).isEqualTo(3);
    }
  }

  @Test
  void anEvaluationCanBringItsOwnNamedBackendThatWinsOverTheEngines() {
    AtomicInteger engineWide = new AtomicInteger();
    AtomicInteger perEvaluation = new AtomicInteger();
    LlmBackend engines = request -> {
      engineWide.incrementAndGet();
      return Fixtures.answer(request);
    };
    LlmBackend callers = request -> {
      perEvaluation.incrementAndGet();
      return Fixtures.answer(request);
    };
    Decision decision = Fixtures.decision(2, 1).withCriterion(Criterion.builder("Fit").backend("Sampling").build());
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).backend("sampling", engines).build()) {
      engine.evaluate(decision, null, EvaluationOptions.builder().backend("SAMPLING", callers).build());
    }
    assertThat(perEvaluation.get()).isEqualTo(2);
    assertThat(engineWide.get()).isZero();
  }

  @Test
  void anUnknownBackendOverrideIsRejectedNamingTheKnownOnes() {
    Decision decision = Fixtures.decision(1, 1).withCriterion(Criterion.builder("Security").backend("nope").build());
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).backend("auditor", Fixtures.scoring()).build()) {
      assertThatThrownBy(() -> engine.evaluate(decision))
          .isInstanceOf(InvalidDecisionException.class)
          .hasMessageContaining("criteria[1].backend")
          .hasMessageContaining("\"nope\"")
          .hasMessageContaining("auditor");
    }
  }

  @Test
  void aDecisionWithoutCriteriaOrOverTheLimitsCannotBeEvaluated() {
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).limits(DecisionLimits.DEFAULTS.withMaxOptions(2)).build()) {
      assertThatThrownBy(() -> engine.evaluate(Decision.builder("t").option("a").build()))
          .isInstanceOf(InvalidDecisionException.class)
          .hasMessageContaining("add at least one criterion");
      assertThatThrownBy(() -> engine.evaluate(Fixtures.decision(3, 1)))
          .isInstanceOf(InvalidDecisionException.class)
          .hasMessageContaining("at most 2 options");
    }
  }

  @Test
  void builderRejectsBadValuesNamingThem() {
    DecisionEngine.Builder builder = DecisionEngine.builder(Fixtures.scoring());
    assertThatThrownBy(() -> builder.maxConcurrency(0)).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> builder.callTimeout(Duration.ZERO)).hasMessageContaining("callTimeout");
    assertThatThrownBy(() -> builder.temperature(3.0)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> builder.backend("x", null)).hasMessageContaining("\"x\"");
    assertThatThrownBy(() -> DecisionEngine.builder(null)).hasMessageContaining("backend");
  }

  private static void awaitNoCallsInFlight(DecisionEngine engine) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (engine.callsInFlight() > 0 && System.nanoTime() < until) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(engine.callsInFlight()).isZero();
  }
}
