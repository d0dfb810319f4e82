package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.store.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** add_criterion with kind value, set_value and set_pairwise_weights, happy paths and bad input. */
class RawValuesAndAhpToolsTest {

  private final CountingBackend openai = new CountingBackend("openai");
  private TestServer server;
  private String id;

  @BeforeEach
  void start() {
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null);
    id = server.startSession(RecordingContext.plain());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Session session() {
    return server.server.store().get(id).orElseThrow();
  }

  private ToolResult call(String tool, Object... keyValues) {
    Map<String, Object> args = new HashMap<>();
    args.put("session_id", id);
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    return server.call(tool, args);
  }

  @Test
  void aRawCriterionTakesValuesThatAreRankedAndNeverJudged() {
    ToolResult added = call("add_criterion", "name", "Monthly price", "kind", "value", "unit", "EUR", "direction", "cost");
    assertThat(added.error()).as(added.text()).isFalse();
    assertThat(added.structured()).containsEntry("cells_to_judge", 0);
    assertThat(added.text()).contains("set_value");
    assertThat(session().decision().criterion("Monthly price").measure()).isEqualTo(Measure.of("EUR"));

    ToolResult set = call("set_value", "option", "PostgreSQL", "criterion", "monthly price", "value", 40, "unit", "eur");
    assertThat(set.error()).as(set.text()).isFalse();
    assertThat(set.text()).contains("40 EUR");
    call("set_value", "option", "MySQL", "criterion", "Monthly price", "value", 90.5);
    assertThat(session().evaluation().judgment("MySQL", "Monthly price")).isEqualTo(new Judgment.Measured(90.5, "EUR", ""));

    ToolResult evaluated = call("evaluate_options");
    assertThat(evaluated.error()).as(evaluated.text()).isFalse();
    assertThat(openai.calls.get()).isEqualTo(4); // 2 options x the 2 judged criteria
    assertThat(session().evaluation().judgment("PostgreSQL", "Monthly price")).isEqualTo(new Judgment.Measured(40, "EUR", ""));

    ToolResult matrix = call("get_decision_matrix");
    assertThat(matrix.error()).as(matrix.text()).isFalse();
    assertThat(matrix.text()).contains("40 EUR");
  }

  @Test
  void aJudgedCriterionTurnedIntoAValueCriterionDropsItsJudgmentsAndTakesValuesInstead() {
    assertThat(call("evaluate_options").error()).isFalse();
    assertThat(openai.calls.get()).isEqualTo(4);

    ToolResult changed = call("update_criterion", "criterion_name", "cost", "kind", "value", "unit", "EUR");
    assertThat(changed.error()).as(changed.text()).isFalse();
    assertThat(changed.structured()).containsEntry("judgments_kept", false).containsEntry("cells_to_judge", 0).containsEntry("values_to_enter", 2);
    assertThat(changed.text()).contains("set_value").contains("EUR");
    assertThat(session().decision().criterion("Cost").measure()).isEqualTo(Measure.of("EUR"));
    assertThat(session().decision().criterion("Cost").direction()).as("what was not asked to change stays").isEqualTo(dev.decisionmatrix.model.Direction.COST);
    assertThat(session().evaluation().judgment("MySQL", "Cost")).as("a judged score is not a value in EUR").isNull();
    assertThat(session().evaluation().judgment("MySQL", "Reliability")).isInstanceOf(Judgment.Scored.class);

    call("set_value", "option", "MySQL", "criterion", "Cost", "value", 90);
    call("set_value", "option", "PostgreSQL", "criterion", "Cost", "value", 40);
    assertThat(call("evaluate_options").error()).isFalse();
    assertThat(openai.calls.get()).as("a value criterion is never judged").isEqualTo(4);
    assertThat(session().evaluation().judgment("PostgreSQL", "Cost")).isEqualTo(new Judgment.Measured(40, "EUR", ""));
  }

  @Test
  void aNewUnitDropsTheValuesEnteredInTheOldOneAndBackToJudgedMeansJudgedAgain() {
    call("add_criterion", "name", "Latency", "kind", "value", "unit", "ms", "direction", "cost");
    call("set_value", "option", "MySQL", "criterion", "Latency", "value", 12);

    ToolResult seconds = call("update_criterion", "criterion_name", "Latency", "unit", "s");
    assertThat(seconds.error()).as(seconds.text()).isFalse();
    assertThat(session().evaluation().judgment("MySQL", "Latency")).as("12 ms is not 12 s").isNull();
    assertThat(session().decision().criterion("Latency").measure()).isEqualTo(Measure.of("s"));

    ToolResult judged = call("update_criterion", "criterion_name", "Latency", "kind", "judged");
    assertThat(judged.error()).as(judged.text()).isFalse();
    assertThat(judged.structured()).containsEntry("cells_to_judge", 2);
    assertThat(session().decision().criterion("Latency").isMeasured()).isFalse();
    assertThat(call("evaluate_options").error()).isFalse();
    assertThat(openai.calls.get()).as("4 judged cells before, and the 2 of Latency now").isEqualTo(6);

    ToolResult both = call("update_criterion", "criterion_name", "Latency", "kind", "judged", "unit", "ms");
    assertThat(both.error()).isTrue();
    assertThat(both.text()).contains("unit").contains("kind \"value\"");
  }

  @Test
  void aYesNoCriterionTakesBooleans() {
    call("add_criterion", "name", "EU hosting", "unit", "yes/no");
    ToolResult yes = call("set_value", "option", "MySQL", "criterion", "EU hosting", "value", true);
    assertThat(yes.error()).as(yes.text()).isFalse();
    assertThat(session().evaluation().judgment("MySQL", "EU hosting")).isEqualTo(Judgment.Measured.yesNo(true, ""));
    ToolResult number = call("set_value", "option", "MySQL", "criterion", "EU hosting", "value", 3);
    assertThat(number.error()).isTrue();
    assertThat(number.text()).contains("true or false");
  }

  @Test
  void badValuesAreRefusedNamingWhatWasWrongAndHowToFixIt() {
    call("add_criterion", "name", "Latency", "kind", "value", "unit", "ms", "direction", "cost");
    ToolResult unit = call("set_value", "option", "MySQL", "criterion", "Latency", "value", 2, "unit", "s");
    assertThat(unit.error()).isTrue();
    assertThat(unit.text()).contains("\"s\"", "ms", "convert");
    ToolResult judged = call("set_value", "option", "MySQL", "criterion", "Cost", "value", 2);
    assertThat(judged.error()).isTrue();
    assertThat(judged.text()).contains("set_score");
    ToolResult text = call("set_value", "option", "MySQL", "criterion", "Latency", "value", "fast");
    assertThat(text.error()).isTrue();
    assertThat(text.text()).contains("must be a number");
    ToolResult score = call("set_score", "option", "MySQL", "criterion", "Latency", "score", 3);
    assertThat(score.error()).isTrue();
    assertThat(score.text()).contains("set_value");
    ToolResult kind = call("add_criterion", "name", "Size", "kind", "measurement?");
    assertThat(kind.error()).isTrue();
    assertThat(kind.text()).contains("\"judged\" or \"value\"");
    ToolResult rubric = call("add_criterion", "name", "Size", "unit", "GB", "rubric", "10 = huge");
    assertThat(rubric.error()).isTrue();
    assertThat(rubric.text()).contains("rubric");
    assertThat(session().evaluation().judgment("MySQL", "Latency")).isNull();
    for (ToolResult r : List.of(unit, judged, text, score, kind, rubric)) {
      assertThat(r.text()).doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void consistentPairwiseComparisonsSetEveryWeightAtOnce() {
    ToolResult r = call("set_pairwise_weights", "comparisons", List.of(Map.of("a", "Reliability", "b", "cost", "ratio", 3)));
    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.structured()).containsEntry("applied", true).containsEntry("consistent", true);
    assertThat(session().decision().criterion("Reliability").weight()).isEqualTo(10.0);
    assertThat(session().decision().criterion("Cost").weight()).isCloseTo(10 / 3.0, within(1e-4));
    assertThat(session().revision()).isEqualTo(1);
  }

  @Test
  void inconsistentComparisonsAreNotAppliedUnlessAcceptedAndNameTheJudgmentToRevisit() {
    call("add_criterion", "name", "Speed");
    List<Object> cycle = List.of(Map.of("a", "Reliability", "b", "Cost", "ratio", 9), Map.of("a", "Cost", "b", "Speed", "ratio", 9),
        Map.of("a", "Speed", "b", "Reliability", "ratio", "9"));
    long revision = session().revision();
    ToolResult refused = call("set_pairwise_weights", "comparisons", cycle);
    assertThat(refused.error()).as(refused.text()).isFalse();
    assertThat(refused.structured()).containsEntry("applied", false).containsEntry("consistent", false).containsKey("most_inconsistent");
    assertThat((double) refused.structured().get("cr")).isGreaterThanOrEqualTo(0.10);
    assertThat(refused.text()).contains("most inconsistent judgment", "Nothing was applied", "accept_inconsistent");
    assertThat(session().revision()).isEqualTo(revision);
    assertThat(session().decision().criterion("Reliability").weight()).isEqualTo(3.0);

    ToolResult accepted = call("set_pairwise_weights", "comparisons", cycle, "accept_inconsistent", true);
    assertThat(accepted.structured()).containsEntry("applied", true);
    assertThat(session().revision()).isEqualTo(revision + 1);
  }

  @Test
  void aFullMatrixWorksAndIncompleteOrBadComparisonsAreRefused() {
    ToolResult matrix = call("set_pairwise_weights", "matrix", List.of(List.of(1, 0.5), List.of(2, 1)));
    assertThat(matrix.error()).as(matrix.text()).isFalse();
    assertThat(session().decision().criterion("Cost").weight()).isEqualTo(10.0);
    assertThat(session().decision().criterion("Reliability").weight()).isEqualTo(5.0);

    call("add_criterion", "name", "Speed");
    ToolResult missing = call("set_pairwise_weights", "comparisons", List.of(Map.of("a", "Reliability", "b", "Cost", "ratio", 3)));
    assertThat(missing.error()).isTrue();
    assertThat(missing.text()).contains("Reliability vs Speed", "Cost vs Speed");
    ToolResult range = call("set_pairwise_weights", "comparisons", List.of(Map.of("a", "Reliability", "b", "Cost", "ratio", 12)));
    assertThat(range.error()).isTrue();
    assertThat(range.text()).contains("comparisons[0].ratio", "1/9 to 9");
    ToolResult unknown = call("set_pairwise_weights", "comparisons", List.of(Map.of("a", "Beauty", "b", "Cost", "ratio", 2)));
    assertThat(unknown.error()).isTrue();
    assertThat(unknown.text()).contains("Beauty", "known criteria");
    ToolResult neither = call("set_pairwise_weights");
    assertThat(neither.error()).isTrue();
    assertThat(neither.text()).contains("comparisons");
  }

  @Test
  void evaluateWithEarlyStopAsksTwoSamplesOfACellWhoseAnswersAgree() {
    ToolResult r = call("evaluate_options", "samples", 5, "early_stop", true);
    assertThat(r.error()).as(r.text()).isFalse();
    // the fake judge answers every sample of a cell alike: 2 options x 2 criteria x 2 samples
    assertThat(openai.calls.get()).isEqualTo(8);
    assertThat(((Judgment.Scored) session().evaluation().judgment(0, 0)).samples()).isEqualTo(2);
    ToolResult bad = call("evaluate_options", "samples", 5, "early_stop", 12);
    assertThat(bad.error()).isTrue();
    assertThat(bad.text()).contains("early_stop", "between 0 and 9");
  }
}
