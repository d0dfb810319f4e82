package dev.decisionmatrix.store.contract;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Sessions that exercise every field the store must keep. */
public final class StoreFixtures {

  public static final Instant T0 = Instant.parse("2025-03-01T09:00:00.123456789Z");

  private StoreFixtures() {}

  public static Decision decision() {
    return Decision.of(
        "Which database | for \"orders\"?\nPick one.",
        List.of(Option.of("Postgres", "relational, 16.2"), Option.of("Mongo"), Option.of("Cassandra", "wide <column> store")),
        List.of(
            Criterion.builder("Speed").description("p99 latency").weight(2.5).rubric("10 = sub-millisecond\n1 = seconds").build(),
            Criterion.builder("Cost").weight(0.1).direction(Direction.COST).backend("ollama").model("llama3.1:8b").temperature(0.3).build(),
            Criterion.builder("Ops").weight(10).model("gpt-4o").temperature(0.0).build()));
  }

  /** Every kind of cell: NaN and known confidence, manual, sampled, abstained, failed kinds, missing. */
  public static Evaluation evaluation(Decision d) {
    Judgment[][] rows = {
      {
        new Judgment.Scored(8.5, "fast \"enough\"", Double.NaN, 0, 1, false),
        Judgment.Scored.manual(3, "we know the price"),
        new Judgment.Scored(7, "fine", 0.85, 1.5, 5, false)
      },
      {
        new Judgment.Abstained("no public benchmarks"),
        new Judgment.Failed(LlmErrorKind.TIMEOUT, "timed out after 30 s", 3),
        new Judgment.Failed(LlmErrorKind.INVALID_ANSWER, "score 11 is out of range", 2)
      },
      {null, new Judgment.Failed(LlmErrorKind.RATE_LIMITED, "", 0), null}
    };
    EvaluationStats stats =
        new EvaluationStats(9, 12, 2, 1, 3, 6, 1, 3, new TokenUsage(1234, 567), Duration.ofMillis(1534).plusNanos(7), false);
    return Evaluation.of(d, Arrays.stream(rows).map(Arrays::asList).toList(), stats);
  }

  public static Session rich(String id) {
    Decision d = decision();
    return new Session(id, d, evaluation(d), new SessionSettings("anthropic", "claude-sonnet", 0.7), T0, T0.plusSeconds(60));
  }

  public static Session simple(String id, Instant lastUsed) {
    Decision d = Decision.of("Topic of " + id, List.of(Option.of("A")), List.of(Criterion.of("C")));
    return new Session(id, d, Evaluation.empty(d), SessionSettings.DEFAULTS, lastUsed, lastUsed);
  }
}
