package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.BatchPrompt;
import dev.decisionmatrix.judge.JudgePrompt;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected tokens per call, which estimates, budgets and rate pacing use before a call. */
class TokenEstimatesTest {

  private static ChatRequest request(String system, int maxTokens) {
    return new ChatRequest(system, List.of(ChatMessage.user("x".repeat(400))), "m", null, maxTokens, JudgePrompt.SCHEMA);
  }

  @Test
  void batchedCallsAreAveragedPerCellApartFromOneCellCallsAndScaledByTheirCells() {
    TokenEstimates estimates = new TokenEstimates();
    estimates.record("p", "m", new TokenUsage(300, 80), 1);
    estimates.record("p", "m", new TokenUsage(500, 120), 1);
    estimates.record("p", "m", new TokenUsage(1_000, 400), 10);

    assertThat(estimates.estimate("p", "m", request(JudgePrompt.system(), 1024), 1)).isEqualTo(new TokenUsage(400, 100));
    assertThat(estimates.estimate("p", "m", request(BatchPrompt.system(), 2560), 10)).isEqualTo(new TokenUsage(1_000, 400));
    assertThat(estimates.estimate("p", "m", request(BatchPrompt.system(), 5120), 20)).isEqualTo(new TokenUsage(2_000, 800));
  }

  @Test
  void beforeAnyBatchedCallTheRuleOfThumbCountsTheBatchsTypicalAnswerPerCell() {
    TokenEstimates estimates = new TokenEstimates();
    estimates.record("p", "m", new TokenUsage(300, 80), 1); // one-cell averages must not stand in for a batch

    TokenUsage batch = estimates.estimate("p", "m", request(BatchPrompt.system(), 5120), 20);

    assertThat(batch.outputTokens()).isEqualTo(TokenEstimates.TYPICAL_OUTPUT_TOKENS * 20);
    assertThat(batch.inputTokens()).isEqualTo(TokenEstimates.promptTokens(request(BatchPrompt.system(), 5120)));
  }
}
