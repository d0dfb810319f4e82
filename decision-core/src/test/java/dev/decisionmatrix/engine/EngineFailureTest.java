package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.cache.CacheKey;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.rank.Ranking;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineFailureTest {

  private static String cell(ChatRequest request) {
    return Fixtures.option(request) + "|" + Fixtures.criterion(request);
  }

  @ParameterizedTest
  @EnumSource(value = LlmErrorKind.class, names = {"TRANSIENT", "OVERLOADED", "RATE_LIMITED", "TIMEOUT"})
  void transientFaultsAreRetriedUntilTheCellIsScored(LlmErrorKind kind) {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    LlmBackend backend =
        request -> {
          if (calls.computeIfAbsent(cell(request), k -> new AtomicInteger()).incrementAndGet() <= 2) {
            throw new LlmException(kind, "temporary trouble");
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(3, 2));

      assertThat(evaluation.counts().scored()).isEqualTo(6);
      assertThat(evaluation.stats().retries()).isEqualTo(12);
      assertThat(evaluation.stats().calls()).isEqualTo(18);
    }
  }

  @ParameterizedTest
  @EnumSource(value = LlmErrorKind.class, names = {"AUTHENTICATION", "BAD_REQUEST", "UNKNOWN"})
  void permanentFaultsAreNotRetried(LlmErrorKind kind) {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend =
        request -> {
          calls.incrementAndGet();
          throw new LlmException(kind, "no way");
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(2, 3));

      assertThat(calls.get()).isEqualTo(6);
      assertThat(evaluation.stats().retries()).isZero();
      assertThat(evaluation.cells()).allSatisfy(c -> assertThat(c.judgment()).isInstanceOfSatisfying(Judgment.Failed.class, f -> {
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.attempts()).isEqualTo(1);
        assertThat(f.message()).contains("no way");
      }));
    }
  }

  @Test
  void aFailureStaysAFailureAndIsNeverCountedAsAnAbstention() {
    LlmBackend backend =
        request -> {
          if (Fixtures.option(request).equals("Option 1") && Fixtures.criterion(request).equals("Criterion 0")) {
            throw new LlmException(LlmErrorKind.OVERLOADED, "overloaded");
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).retryPolicy(RetryPolicy.defaults().withMaxAttempts(3).withBackoff(Duration.ZERO, Duration.ofMillis(1))).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(2, 2));

      assertThat(evaluation.counts()).isEqualTo(new Evaluation.Counts(3, 0, 1, 0));
      assertThat(evaluation.judgment("Option 1", "Criterion 0"))
          .isInstanceOfSatisfying(Judgment.Failed.class, f -> assertThat(f.attempts()).isEqualTo(3));
      Ranking ranking = Ranking.weightedSum(evaluation);
      assertThat(ranking.provisional()).isTrue();
      assertThat(ranking.option("Option 1").orElseThrow().failed()).isEqualTo(1);
      assertThat(ranking.option("Option 1").orElseThrow().abstained()).isZero();
      assertThat(ranking.recommendation().summary()).contains("1 cell failed");
    }
  }

  @Test
  void failuresAreNotCachedSoTheNextEvaluationAsksAgain() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend =
        request -> {
          if (calls.incrementAndGet() == 1) {
            throw new LlmException(LlmErrorKind.BAD_REQUEST, "once");
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(1, 1));
      assertThat(first.counts().failed()).isEqualTo(1);

      Evaluation second = engine.evaluate(Fixtures.decision(1, 1));
      assertThat(second.counts().scored()).isEqualTo(1);
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void reEvaluatingOnlyFailedCellsIsOneCall() {
    AtomicInteger calls = new AtomicInteger();
    Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();
    LlmBackend backend =
        request -> {
          calls.incrementAndGet();
          if (cell(request).equals("Option 2|Criterion 3") && failedOnce.putIfAbsent("x", true) == null) {
            throw new LlmException(LlmErrorKind.AUTHENTICATION, "key rotated");
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation first = engine.evaluate(Fixtures.decision(10, 8));
      assertThat(first.counts().failed()).isEqualTo(1);
      calls.set(0);

      Evaluation retried = engine.evaluate(first.decision(), first, EvaluationOptions.builder().scope(Scope.FAILED).build());

      assertThat(calls.get()).isEqualTo(1);
      assertThat(retried.stats().calls()).isEqualTo(1);
      assertThat(retried.isComplete()).isTrue();
    }
  }

  @Test
  void anInvalidAnswerIsAskedAgainOnceWithTheProblemQuoted() {
    List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    LlmBackend backend =
        request -> {
          requests.add(request);
          if (request.messages().size() == 1) {
            return ChatResponse.of("{\"score\": 14, \"reasoning\": \"off the scale\"}");
          }
          return Fixtures.answer(request);
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 1));

      assertThat(evaluation.counts().scored()).isEqualTo(1);
      assertThat(evaluation.stats().reasks()).isEqualTo(1);
      assertThat(evaluation.stats().calls()).isEqualTo(2);
      ChatRequest reask = requests.get(1);
      assertThat(reask.messages()).extracting(ChatMessage::role)
          .containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT, ChatMessage.Role.USER);
      assertThat(reask.messages().get(1).content()).contains("14");
      assertThat(reask.lastUserMessage()).contains("\"score\" was 14 but must be between 1 and 10");
    }
  }

  @Test
  void twoInvalidAnswersBecomeAnInvalidAnswerFailure() {
    LlmBackend backend = request -> ChatResponse.of("I would say it is decent, maybe a seven.");
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 1));

      assertThat(evaluation.judgment(0, 0)).isInstanceOfSatisfying(Judgment.Failed.class, f -> {
        assertThat(f.kind()).isEqualTo(LlmErrorKind.INVALID_ANSWER);
        assertThat(f.attempts()).isEqualTo(2);
      });
      assertThat(evaluation.stats().calls()).isEqualTo(2);
    }
  }

  @Test
  void aFailingCacheDoesNotFailTheEvaluation() {
    EvaluationCache broken =
        new EvaluationCache() {
          @Override
          public @Nullable Judgment get(CacheKey key) {
            throw new IllegalStateException("cache down");
          }

          @Override
          public void put(CacheKey key, Judgment judgment) {
            throw new IllegalStateException("cache down");
          }
        };
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).cache(broken).build()) {
      assertThat(engine.evaluate(Fixtures.decision(3, 3)).counts().scored()).isEqualTo(9);
    }
  }

  @Test
  void aFailingListenerDoesNotFailTheEvaluation() {
    EvaluationListener throwing = (cell, progress) -> {
      throw new IllegalStateException("listener bug");
    };
    try (DecisionEngine engine = Fixtures.engine(Fixtures.scoring()).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(3, 3), null, EvaluationOptions.builder().listener(throwing).build());
      assertThat(evaluation.counts().scored()).isEqualTo(9);
    }
  }

  @Test
  void aBackendThatThrowsSomethingUnexpectedFailsTheCellNotTheEvaluation() {
    LlmBackend backend = request -> {
      throw new NullPointerException("bug in backend");
    };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      Evaluation evaluation = engine.evaluate(Fixtures.decision(1, 2));
      assertThat(evaluation.cells()).allSatisfy(c -> assertThat(c.judgment())
          .isInstanceOfSatisfying(Judgment.Failed.class, f -> assertThat(f.kind()).isEqualTo(LlmErrorKind.UNKNOWN)));
    }
  }

  @Test
  void retriesAreReportedToTheListener() {
    AtomicInteger calls = new AtomicInteger();
    List<RetryEvent> retries = new CopyOnWriteArrayList<>();
    LlmBackend backend =
        request -> {
          if (calls.incrementAndGet() == 1) {
            throw LlmException.transientFault("connection reset", null);
          }
          return Fixtures.answer(request);
        };
    EvaluationListener listener =
        new EvaluationListener() {
          @Override
          public void onCell(CellResult cell, Progress progress) {}

          @Override
          public void onRetry(RetryEvent event) {
            retries.add(event);
          }
        };
    try (DecisionEngine engine = Fixtures.engine(backend).build()) {
      engine.evaluate(Fixtures.decision(1, 1), null, EvaluationOptions.builder().listener(listener).build());
    }
    assertThat(retries).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(LlmErrorKind.TRANSIENT);
      assertThat(r.failedAttempts()).isEqualTo(1);
      assertThat(r.option()).isEqualTo("Option 0");
    });
  }
}
