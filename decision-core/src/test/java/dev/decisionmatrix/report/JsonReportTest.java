package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class JsonReportTest {

  private final ObjectMapper jackson = new ObjectMapper();
  private final Evaluation evaluation = ReportFixtures.threeByThree();
  private final Ranking ranking = Ranking.of(evaluation, RankingMethod.weightedSum(), MissingDataPolicy.EXCLUDE);

  @Test
  void theReportHasTheDocumentedTopLevelFieldsInOrder() throws Exception {
    JsonNode json = jackson.readTree(JsonReport.render(evaluation, ranking));

    assertThat(json.fieldNames()).toIterable()
        .containsExactly("schemaVersion", "topic", "criteria", "options", "cells", "stats", "ranking", "recommendation", "provenance", "robustness");
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("topic").asText()).isEqualTo("Which CI service?");
    assertThat(json.get("criteria").get(1).get("direction").asText()).isEqualTo("cost");
    assertThat(json.get("cells")).hasSize(9);
  }

  @Test
  void eachCellStateHasItsOwnFieldsAndUnknownNumbersAreNull() throws Exception {
    JsonNode cells = jackson.readTree(JsonReport.render(evaluation, ranking)).get("cells");

    JsonNode noConfidence = cells.get(1);
    assertThat(noConfidence.get("state").asText()).isEqualTo("scored");
    assertThat(noConfidence.get("confidence").isNull()).isTrue();
    assertThat(cells.get(4).get("state").asText()).isEqualTo("abstained");
    assertThat(cells.get(4).get("reason").asText()).isEqualTo("no public price list");
    assertThat(cells.get(5).get("state").asText()).isEqualTo("failed");
    assertThat(cells.get(5).get("kind").asText()).isEqualTo("timeout");
    assertThat(cells.get(5).get("attempts").asInt()).isEqualTo(3);
    assertThat(cells.get(8).get("state").asText()).isEqualTo("missing");
    assertThat(cells.get(7).get("manual").asBoolean()).isTrue();
  }

  @Test
  void theRankingAndRecommendationAreIncluded() throws Exception {
    JsonNode json = jackson.readTree(JsonReport.render(evaluation, ranking));

    List<String> order = StreamSupport.stream(json.get("ranking").get("options").spliterator(), false).map(o -> o.get("name").asText()).toList();
    assertThat(order).containsExactly("Beta", "Alpha", "Gamma");
    assertThat(json.get("ranking").get("options").get(1).get("score").asDouble()).isEqualTo(7.875);
    assertThat(json.get("ranking").get("provisional").asBoolean()).isTrue();
    assertThat(json.get("recommendation").get("verdict").asText()).as("Beta leads on fewer criteria than Alpha").isEqualTo("close");
    assertThat(json.get("recommendation").get("leaders").get(0).asText()).isEqualTo("Beta");
    assertThat(json.get("recommendation").get("margin").asDouble()).isEqualTo(1.125);
  }

  @Test
  void anUnscoredOptionHasNullRankAndScoreAndNoMarginIsNull() throws Exception {
    Evaluation nothing = Evaluation.empty(evaluation.decision());

    JsonNode json = jackson.readTree(JsonReport.render(nothing, Ranking.weightedSum(nothing)));

    assertThat(json.get("ranking").get("options").get(0).get("rank").isNull()).isTrue();
    assertThat(json.get("ranking").get("options").get(0).get("score").isNull()).isTrue();
    assertThat(json.get("recommendation").get("margin").isNull()).isTrue();
    assertThat(json.get("recommendation").get("verdict").asText()).isEqualTo("no_data");
  }

  @Test
  void theReportReadsBackAsTheSameEvaluation() {
    EvaluationStats stats = new EvaluationStats(8, 9, 1, 0, 0, 8, 0, 1, new TokenUsage(100, 20), Duration.ofMillis(2500), false);
    Evaluation withStats = Evaluation.of(evaluation.decision(), rows(evaluation), stats);

    Evaluation read = DecisionJson.read(JsonReport.render(withStats, Ranking.weightedSum(withStats)));

    assertThat(read).isEqualTo(withStats);
    assertThat(read.stats()).isEqualTo(stats);
    assertThat(read.decision()).isEqualTo(withStats.decision());
  }

  @Test
  void theMapHoldsOnlyPlainDataAndSerialisesToTheRenderedJson() throws Exception {
    Map<String, Object> map = JsonReport.toMap(evaluation, ranking);

    assertPlain(map);
    assertThat(jackson.readTree(jackson.writeValueAsString(map))).isEqualTo(jackson.readTree(JsonReport.render(evaluation, ranking)));
  }

  @Test
  void readingRejectsBrokenInputWithAMessageNamingTheField() {
    String valid = DecisionJson.write(evaluation);

    assertThatThrownBy(() -> DecisionJson.read("{\"topic\": "))
        .isInstanceOf(InvalidDecisionException.class).hasMessageContaining("must be valid JSON").hasMessageContaining("line 1");
    assertThatThrownBy(() -> DecisionJson.read(valid.replace("\"score\": 8.0", "\"score\": 11.0")))
        .isInstanceOf(InvalidDecisionException.class).hasMessageContaining("cells[0]").hasMessageContaining("between 1 and 10");
    assertThatThrownBy(() -> DecisionJson.read(valid.replace("\"option\": \"Gamma\"", "\"option\": \"Delta\"")))
        .isInstanceOf(InvalidDecisionException.class).hasMessageContaining("cells[6].option").hasMessageContaining("Delta");
    assertThatThrownBy(() -> DecisionJson.read(valid.replace("\"schemaVersion\": 1", "\"schemaVersion\": 2")))
        .isInstanceOf(InvalidDecisionException.class).hasMessageContaining("schemaVersion");
    assertThatThrownBy(() -> DecisionJson.read(valid.replace("\"weight\": 2.0", "\"weight\": \"heavy\"")))
        .isInstanceOf(InvalidDecisionException.class).hasMessageContaining("criteria[0].weight").hasMessageContaining("must be a number");
    assertThatThrownBy(() -> DecisionJson.read("[1, 2]")).isInstanceOf(InvalidDecisionException.class).hasMessageContaining("JSON object");
  }

  @Test
  void aRankingOfAnotherEvaluationIsRejected() {
    Evaluation other = ReportFixtures.scored(3, 3);

    assertThatThrownBy(() -> JsonReport.toMap(evaluation, Ranking.weightedSum(other)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to this evaluation");
    assertThatThrownBy(() -> MarkdownReport.render(evaluation, Ranking.weightedSum(other))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CsvReport.render(evaluation, Ranking.weightedSum(other))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HtmlReport.render(evaluation, Ranking.weightedSum(other))).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<List<dev.decisionmatrix.judge.@org.jspecify.annotations.Nullable Judgment>> rows(Evaluation e) {
    List<List<dev.decisionmatrix.judge.@org.jspecify.annotations.Nullable Judgment>> rows = new ArrayList<>();
    for (int o = 0; o < e.decision().options().size(); o++) {
      List<dev.decisionmatrix.judge.@org.jspecify.annotations.Nullable Judgment> row = new ArrayList<>();
      for (int c = 0; c < e.decision().criteria().size(); c++) {
        row.add(e.judgment(o, c));
      }
      rows.add(row);
    }
    return rows;
  }

  private static void assertPlain(Object value) {
    switch (value) {
      case null -> {}
      case Map<?, ?> m -> m.forEach((k, v) -> {
        assertThat(k).isInstanceOf(String.class);
        assertPlain(v);
      });
      case List<?> l -> l.forEach(JsonReportTest::assertPlain);
      case Double d -> assertThat(d.isNaN() || d.isInfinite()).as("finite number").isFalse();
      case String s -> {}
      case Integer i -> {}
      case Long l -> {}
      case Boolean b -> {}
      default -> throw new AssertionError("not plain data: " + value.getClass());
    }
  }
}
