package dev.decisionmatrix.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchAnswerParsingTest {

  private static double score(BatchAnswer a, int i) {
    return ((Judgment.Scored) a.judgment(i)).score();
  }

  @Test
  void numberedEntriesAreMatchedByNumberWhateverTheirOrder() {
    BatchAnswer a = JudgmentParser.parseBatch("""
        {"judgments":[{"criterion":3,"score":3,"reasoning":"c","confidence":0.5},
        {"criterion":1,"score":1,"reasoning":"a","confidence":0.5},
        {"criterion":2,"score":2,"reasoning":"b","confidence":0.5}]}""", 3);

    assertThat(a.usable()).isEqualTo(3);
    assertThat(score(a, 0)).isEqualTo(1);
    assertThat(score(a, 1)).isEqualTo(2);
    assertThat(score(a, 2)).isEqualTo(3);
  }

  @Test
  void aBareArrayWithoutNumbersIsMatchedByPosition() {
    BatchAnswer a = JudgmentParser.parseBatch("[{\"score\":4,\"reasoning\":\"x\"},{\"score\":null,\"reasoning\":\"n/a\"}]", 2);

    assertThat(score(a, 0)).isEqualTo(4);
    assertThat(a.judgment(1)).isInstanceOf(Judgment.Abstained.class);
  }

  @Test
  void aListInsideProseOrACodeFenceIsFound() {
    BatchAnswer fenced = JudgmentParser.parseBatch("Here you go:\n```json\n{\"judgments\":[{\"criterion\":1,\"score\":7}]}\n```", 1);
    BatchAnswer prose = JudgmentParser.parseBatch("Sure. [{'criterion': 1, 'score': 6,},] Hope it helps.", 1);

    assertThat(score(fenced, 0)).isEqualTo(7);
    assertThat(score(prose, 0)).isEqualTo(6);
  }

  @Test
  void aMissingEntryLeavesOnlyItsCriterionUnusable() {
    BatchAnswer a = JudgmentParser.parseBatch("{\"judgments\":[{\"criterion\":1,\"score\":5},{\"criterion\":3,\"score\":8}]}", 3);

    assertThat(a.usable()).isEqualTo(2);
    assertThat(a.judgment(1)).isNull();
    assertThat(a.problem(1)).contains("no entry");
    assertThat(a.problem(0)).isNull();
  }

  @Test
  void anInvalidEntryLeavesOnlyItsCriterionUnusableAndSaysWhy() {
    BatchAnswer a = JudgmentParser.parseBatch("{\"judgments\":[{\"criterion\":1,\"score\":14},{\"criterion\":2,\"score\":5}]}", 2);

    assertThat(a.judgment(0)).isNull();
    assertThat(a.problem(0)).contains("14").contains("between 1 and 10");
    assertThat(score(a, 1)).isEqualTo(5);
  }

  @Test
  void aCriterionAnsweredTwiceIsUnusableRatherThanGuessed() {
    BatchAnswer a = JudgmentParser.parseBatch("[{\"criterion\":1,\"score\":2},{\"criterion\":1,\"score\":9},{\"criterion\":2,\"score\":5}]", 2);

    assertThat(a.judgment(0)).isNull();
    assertThat(a.problem(0)).contains("more than one");
    assertThat(score(a, 1)).isEqualTo(5);
  }

  @Test
  void numbersOutsideTheCallAreIgnored() {
    BatchAnswer a = JudgmentParser.parseBatch("[{\"criterion\":0,\"score\":2},{\"criterion\":7,\"score\":9},{\"criterion\":\"1\",\"score\":5}]", 1);

    assertThat(a.usable()).isEqualTo(1);
    assertThat(score(a, 0)).isEqualTo(5);
  }

  @Test
  void anAnswerWithNoListIsRefusedWithWhatWasExpected() {
    assertThatThrownBy(() -> JudgmentParser.parseBatch("I think all of them are fine.", 3))
        .isInstanceOf(InvalidAnswerException.class).hasMessageContaining("judgments");
    assertThatThrownBy(() -> JudgmentParser.parseBatch("{\"score\": 5}", 3)).isInstanceOf(InvalidAnswerException.class);
    assertThatThrownBy(() -> JudgmentParser.parseBatch("  ", 3)).isInstanceOf(InvalidAnswerException.class);
  }
}
