package examples;

import dev.decisionmatrix.backends.Backends;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.Ranking;

public final class EditAndReEvaluate {
  public static void main(String[] args) {
    LlmBackend backend = Backends.fromEnvironment();
    try (DecisionEngine engine = DecisionEngine.builder(backend).build()) {
      Decision decision = Decision.builder("Which cloud for our EU workloads?")
          .option("AWS").option("GCP").option("Azure")
          .criterion("Price", 3).criterion("Managed Kubernetes", 2).criterion("Data residency", 3)
          .build();
      Evaluation evaluation = engine.evaluate(decision, null, EvaluationOptions.builder()
          .listener((cell, progress) -> System.out.printf("%d/%d %s x %s%n",
              progress.done(), progress.total(), cell.option(), cell.criterion()))
          .build());

      Decision edited = decision.withWeight("Price", 5).withOption(Option.of("OVHcloud"));
      Evaluation again = engine.evaluate(edited, evaluation, EvaluationOptions.defaults()); // 3 calls
      System.out.println(again.stats().calls() + " calls for the edit");
      System.out.println(Ranking.weightedSum(again).recommendation().summary());
    }
  }
}
