package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.Ranking;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BidiDefusingTest {

  private static final Pattern BIDI_CONTROLS = Pattern.compile("[\u202a-\u202e\u2066-\u2069]");

  private static Evaluation evaluationFullOfBidiControls() {
    Decision decision = Decision.of(
        "Which \u202eredivorp\u202c?",
        List.of(Option.of("Alpha", "desc \u2066isolated\u2069"), Option.of("Beta")),
        List.of(Criterion.builder("Speed").description("fast \u202dLTR\u202c").build()));
    return Evaluation.empty(decision)
        .withJudgment("Alpha", "Speed", Judgment.Scored.of(8, "because \u202e01 fo 1\u202c", 0.9))
        .withJudgment("Beta", "Speed", new Judgment.Failed(LlmErrorKind.TRANSIENT, "said \u2067oops\u2069", 1));
  }

  @Test
  void markdownReportsReplaceEveryBidiControlWithAVisibleMark() {
    Evaluation e = evaluationFullOfBidiControls();
    String markdown = MarkdownReport.render(e, Ranking.weightedSum(e));
    assertThat(BIDI_CONTROLS.matcher(markdown).find()).as(markdown).isFalse();
    assertThat(markdown).contains("Which \ufffdredivorp\ufffd?");
  }

  @Test
  void htmlReportsReplaceEveryBidiControlWithAVisibleMark() {
    Evaluation e = evaluationFullOfBidiControls();
    String html = HtmlReport.render(e, Ranking.weightedSum(e));
    assertThat(BIDI_CONTROLS.matcher(html).find()).isFalse();
    assertThat(html).contains("because \ufffd01 fo 1\ufffd");
  }

  @Test
  void csvReportsReplaceEveryBidiControlWithAVisibleMark() {
    Evaluation e = evaluationFullOfBidiControls();
    String csv = CsvReport.render(e, Ranking.weightedSum(e));
    assertThat(BIDI_CONTROLS.matcher(csv).find()).isFalse();
    assertThat(csv).contains("said \ufffdoops\ufffd");
  }
}
