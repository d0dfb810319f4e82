package examples;

import dev.decisionmatrix.backends.Backends;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.rank.Ranking;

public final class ChooseACloudProvider {
  public static void main(String[] args) {
    LlmBackend backend = Backends.fromEnvironment();          // OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_HOST, AWS_REGION...
    try (DecisionEngine engine = DecisionEngine.builder(backend).maxConcurrency(16).build()) {
      Decision decision = Decision.builder("Which cloud for our EU workloads?")
          .option("AWS").option("GCP").option("Azure")
          .criterion(Criterion.builder("Price").weight(3).direction(Direction.COST).build())
          .criterion("Managed Kubernetes", 2).criterion("Data residency", 3)
          .build();
      Evaluation evaluation = engine.evaluate(decision);    // every cell judged in parallel, cached
      Ranking ranking = Ranking.weightedSum(evaluation);
      System.out.println(ranking.recommendation().summary()); // "AWS is the clear winner: 7.80 vs 6.95 ..."
    }
  }
}
