package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bytes one cell costs on each provider's wire, as the simulator receives them: the prompt is
 * paid for in input tokens on every call, so its size is a budget.
 */
class RequestSizeTest {

  /** The budget for a one-cell call with a one-line option and criterion. */
  static final int CELL_BUDGET_BYTES = 1_200;

  /** The budget per cell of a batched call at 20 criteria per call. */
  static final int BATCHED_CELL_BUDGET_BYTES = 500;

  private static final int OPTIONS = 3;
  private static final int CRITERIA = 4;

  private static Decision oneLineDecision() {
    return Decision.builder("Which database should our order service use?")
        .option("PostgreSQL")
        .option("MySQL")
        .option("MongoDB")
        .criterion("Operational cost", 3)
        .criterion("Managed offerings in the EU", 2)
        .criterion("Transaction guarantees", 3)
        .criterion("Team familiarity", 1)
        .build();
  }

  /** What a test does with a simulator for the provider and an engine on its backend. */
  private interface Run {
    void run(LlmSimulator sim, DecisionEngine engine);
  }

  private static void withEngine(Provider provider, Run run) {
    LlmSimulator.Builder b = LlmSimulator.builder();
    if (provider.requiredKey() != null) {
      b.requireApiKey(provider.requiredKey());
    }
    try (LlmSimulator sim = b.start()) {
      LlmBackend backend = provider.backend(sim);
      try (DecisionEngine engine = DecisionEngine.builder(backend).build()) {
        run.run(sim, engine);
      } finally {
        Provider.close(backend);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aOneCellCallWithOneLineNamesFitsTheByteBudget(Provider provider) {
    withEngine(provider, (sim, engine) -> {
      Evaluation evaluation = engine.evaluate(oneLineDecision());

      assertThat(evaluation.counts().scored()).isEqualTo(OPTIONS * CRITERIA);
      List<RecordedRequest> chats = sim.requests().stream().filter(r -> r.sequence() >= 0).toList();
      assertThat(chats).hasSize(OPTIONS * CRITERIA);
      int largest = chats.stream().mapToInt(r -> r.body().getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
      long perCell = sim.stats().bytesReceived() / chats.size();
      System.out.printf("request bytes per cell, %s wire: %d on average, %d at most%n", provider, perCell, largest);
      assertThat(largest).as("the largest one-cell request on the %s wire, in bytes", provider).isLessThanOrEqualTo(CELL_BUDGET_BYTES);
    });
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aBatchedCallOfTwentyCriteriaFitsTheBatchedByteBudgetPerCell(Provider provider) {
    Decision.Builder d = Decision.builder("Which database should our order service use?").option("PostgreSQL").option("MySQL");
    for (int c = 0; c < 20; c++) {
      d.criterion("Operational criterion number " + (c + 1), 1 + c % 3);
    }
    withEngine(provider, (sim, engine) -> {
      Evaluation evaluation = engine.evaluate(d.build(), null, EvaluationOptions.builder().batchCriteria(20).build());

      assertThat(evaluation.counts().scored()).isEqualTo(2 * 20);
      List<RecordedRequest> chats = sim.requests().stream().filter(r -> r.sequence() >= 0).toList();
      assertThat(chats).hasSize(2);
      int largest = chats.stream().mapToInt(r -> r.body().getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
      System.out.printf("request bytes per cell, %s wire, 20 criteria per call: %d%n", provider, largest / 20);
      assertThat(largest / 20).as("bytes per cell of the largest batched request on the %s wire", provider)
          .isLessThanOrEqualTo(BATCHED_CELL_BUDGET_BYTES);
    });
  }
}
