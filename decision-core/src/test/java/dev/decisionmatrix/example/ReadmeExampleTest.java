package dev.decisionmatrix.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.Ranking;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The README's library example, with a fake backend in place of {@code Backends.fromEnvironment()}. */
class ReadmeExampleTest {

  @Test
  void theReadmeExampleWorksAsWritten() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend backend = request -> {
      calls.incrementAndGet();
      double score = request.lastUserMessage().contains("AWS") ? 8 : request.lastUserMessage().contains("GCP") ? 6 : 5;
      return ChatResponse.of("{\"score\": " + score + ", \"reasoning\": \"fake\", \"confidence\": 0.7}");
    };
    try (DecisionEngine engine = DecisionEngine.builder(backend).maxConcurrency(16).build()) {
      Decision decision = Decision.builder("Which cloud for our EU workloads?")
          .option("AWS").option("GCP").option("Azure")
          .criterion(Criterion.builder("Price").weight(3).direction(Direction.COST).build())
          .criterion("Managed Kubernetes", 2).criterion("Data residency", 3)
          .build();
      Evaluation evaluation = engine.evaluate(decision);
      Ranking ranking = Ranking.weightedSum(evaluation);
      assertThat(ranking.recommendation().summary()).isNotBlank();
      assertThat(calls.get()).isEqualTo(9);

      Decision edited = decision.withWeight("Price", 5).withOption(Option.of("OVHcloud"));
      Evaluation again = engine.evaluate(edited, evaluation, EvaluationOptions.defaults());
      assertThat(again.isComplete()).isTrue();
      assertThat(calls.get()).isEqualTo(12);
    }
  }
}
