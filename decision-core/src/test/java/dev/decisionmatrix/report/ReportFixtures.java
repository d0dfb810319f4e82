package dev.decisionmatrix.report;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Option;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Hand-made evaluations whose rankings are easy to check by hand. */
final class ReportFixtures {

  private ReportFixtures() {}

  /**
   * Three options, three criteria (Speed weight 2, Price weight 1 cost, Support weight 1):
   *
   * <pre>
   *          Speed  Price        Support
   * Alpha    8      3 (counts 8) 7.5      -> (16 + 8 + 7.5) / 4 = 7.875
   * Beta     9      abstained    failed   -> 18 / 2 = 9.0, provisional
   * Gamma    4      6 (counts 5) missing  -> (8 + 5) / 3 = 4.33, provisional
   * </pre>
   *
   * So the rank order (Beta, Alpha, Gamma) differs from the decision order.
   */
  static Evaluation threeByThree() {
    Decision decision = Decision.of(
        "Which CI service?",
        List.of(Option.of("Alpha"), Option.of("Beta"), Option.of("Gamma")),
        List.of(
            Criterion.builder("Speed").weight(2).build(),
            Criterion.builder("Price").direction(Direction.COST).build(),
            Criterion.of("Support")));
    return Evaluation.empty(decision)
        .withJudgment("Alpha", "Speed", Judgment.Scored.of(8, "fast, very", 0.9))
        .withJudgment("Alpha", "Price", Judgment.Scored.of(3, "cheap", Double.NaN))
        .withJudgment("Alpha", "Support", Judgment.Scored.of(7.5, "good docs", 0.7))
        .withJudgment("Beta", "Speed", Judgment.Scored.of(9, "fastest", 0.95))
        .withJudgment("Beta", "Price", new Judgment.Abstained("no public price list"))
        .withJudgment("Beta", "Support", new Judgment.Failed(LlmErrorKind.TIMEOUT, "read timed out", 3))
        .withJudgment("Gamma", "Speed", Judgment.Scored.of(4, "slow", 0.6))
        .withJudgment("Gamma", "Price", Judgment.Scored.manual(6, "quoted"));
  }

  /** A fully scored matrix of the given size. */
  static Evaluation scored(int options, int criteria) {
    List<Option> optionList = new ArrayList<>();
    for (int o = 0; o < options; o++) {
      optionList.add(Option.of("Option " + o, "description of option " + o));
    }
    List<Criterion> criterionList = new ArrayList<>();
    for (int c = 0; c < criteria; c++) {
      criterionList.add(Criterion.builder("Criterion " + c).weight(1 + c % 5).direction(c % 4 == 0 ? Direction.COST : Direction.BENEFIT).build());
    }
    Decision decision = Decision.of("A big decision", optionList, criterionList);
    List<List<@Nullable Judgment>> rows = new ArrayList<>();
    for (int o = 0; o < options; o++) {
      List<@Nullable Judgment> row = new ArrayList<>();
      for (int c = 0; c < criteria; c++) {
        row.add(Judgment.Scored.of(1 + (o * 7 + c * 3) % 10, "reasoning for " + o + "/" + c, 0.8));
      }
      rows.add(row);
    }
    return Evaluation.of(decision, rows, EvaluationStats.NONE);
  }
}
