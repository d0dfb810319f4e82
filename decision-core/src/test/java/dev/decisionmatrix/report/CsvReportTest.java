package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {

  private static String render(Evaluation evaluation) {
    return CsvReport.render(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum(), MissingDataPolicy.EXCLUDE));
  }

  @Test
  void writesAHeaderAndOneRowPerCellInRankOrder() {
    String csv = render(ReportFixtures.threeByThree());

    assertThat(csv).isEqualTo(
        "option,criterion,weight,direction,state,score,confidence,reasoning,spread,samples,set_by,missing_data_policy,method,win_probability\r\n"
            + "Beta,Speed,2,benefit,scored,9,0.95,fastest,0,1,judge,exclude,weighted-sum,\r\n"
            + "Beta,Price,1,cost,abstained,,,no public price list,,,,exclude,weighted-sum,\r\n"
            + "Beta,Support,1,benefit,failed,,,timeout after 3 attempts: read timed out,,,,exclude,weighted-sum,\r\n"
            + "Alpha,Speed,2,benefit,scored,8,0.9,\"fast, very\",0,1,judge,exclude,weighted-sum,\r\n"
            + "Alpha,Price,1,cost,scored,3,,cheap,0,1,judge,exclude,weighted-sum,\r\n"
            + "Alpha,Support,1,benefit,scored,7.5,0.7,good docs,0,1,judge,exclude,weighted-sum,\r\n"
            + "Gamma,Speed,2,benefit,scored,4,0.6,slow,0,1,judge,exclude,weighted-sum,\r\n"
            + "Gamma,Price,1,cost,scored,6,1,quoted,0,1,hand,exclude,weighted-sum,\r\n"
            + "Gamma,Support,1,benefit,missing,,,,,,,exclude,weighted-sum,\r\n");
  }

  @Test
  void quotesFieldsWithCommasQuotesAndLineBreaksAsRfc4180Says() {
    Decision decision = Decision.of("t", List.of(Option.of("Acme, Inc.")), List.of(Criterion.of("The \"best\" one")));
    Evaluation evaluation = Evaluation.empty(decision)
        .withJudgment("Acme, Inc.", "The \"best\" one", Judgment.Scored.of(6, "line one\r\nline \"two\"", 0.5));

    String csv = render(evaluation);

    assertThat(csv).endsWith("\"Acme, Inc.\",\"The \"\"best\"\" one\",1,benefit,scored,6,0.5,\"line one\r\nline \"\"two\"\"\",0,1,judge,exclude,weighted-sum,\r\n");
    assertThat(parse(csv)).containsExactly(
        CsvReport.COLUMNS,
        List.of("Acme, Inc.", "The \"best\" one", "1", "benefit", "scored", "6", "0.5", "line one\r\nline \"two\"",
            "0", "1", "judge", "exclude", "weighted-sum", ""));
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    Decision decision = Decision.of("t", List.of(Option.of("=HYPERLINK(\"http://x\")")), List.of(Criterion.of("@cmd")));
    Evaluation evaluation = Evaluation.empty(decision)
        .withJudgment("=HYPERLINK(\"http://x\")", "@cmd", Judgment.Scored.of(2, "-2+3", 0.5));

    List<List<String>> rows = parse(render(evaluation));

    assertThat(rows.get(1)).containsExactly("'=HYPERLINK(\"http://x\")", "'@cmd", "1", "benefit", "scored", "2", "0.5", "'-2+3",
        "0", "1", "judge", "exclude", "weighted-sum", "");
  }

  @Test
  void everyRowHasTheSameNumberOfFieldsForABigMatrix() {
    List<List<String>> rows = parse(render(ReportFixtures.scored(30, 20)));

    assertThat(rows).hasSize(1 + 30 * 20);
    assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(CsvReport.COLUMNS.size()));
  }

  /** A strict RFC 4180 reader, independent of the writer. */
  private static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < csv.length()) {
      char ch = csv.charAt(i);
      if (ch == '"' && field.isEmpty()) {
        i++;
        while (true) {
          char q = csv.charAt(i++);
          if (q == '"') {
            if (i < csv.length() && csv.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(q);
          }
        }
      } else if (ch == ',') {
        row.add(field.toString());
        field.setLength(0);
        i++;
      } else if (ch == '\r' && csv.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
      } else {
        assertThat(ch).as("bare quote or line break inside an unquoted field").isNotIn('"', '\r', '\n');
        field.append(ch);
        i++;
      }
    }
    assertThat(row).as("the last line ends with CRLF").isEmpty();
    return rows;
  }
}
