package dev.decisionmatrix.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.llm.LlmErrorKind;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JudgmentParserTest {

  @Test
  void parsesExactJson() {
    Judgment j = JudgmentParser.parse("{\"score\": 7.5, \"reasoning\": \"solid\", \"confidence\": 0.8}");
    assertThat(j).isEqualTo(Judgment.Scored.of(7.5, "solid", 0.8));
  }

  @Test
  void parsesJsonInsideACodeFence() {
    String answer = "Here you go:\n```json\n{\"score\": 6, \"reasoning\": \"fine\", \"confidence\": 0.6}\n```\nHope it helps.";
    assertThat(JudgmentParser.parse(answer)).isEqualTo(Judgment.Scored.of(6, "fine", 0.6));
  }

  @Test
  void parsesJsonSurroundedByProse() {
    String answer = "After weighing it {carefully}: {\"score\": 3, \"reasoning\": \"weak\", \"confidence\": 0.9} -- that is my view.";
    assertThat(JudgmentParser.parse(answer)).isEqualTo(Judgment.Scored.of(3, "weak", 0.9));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"7\"|7", "\" 8.5 \"|8.5", "\"9/10\"|9"})
  void acceptsNumericStrings(String raw, double expected) {
    Judgment j = JudgmentParser.parse("{\"score\": " + raw + ", \"reasoning\": \"r\"}");
    assertThat(j).isInstanceOfSatisfying(Judgment.Scored.class, s -> assertThat(s.score()).isEqualTo(expected));
  }

  @Test
  void acceptsSingleQuotesAndTrailingCommasLeniently() {
    assertThat(JudgmentParser.parse("Answer: {'score': 5, 'reasoning': 'meh',}")).isInstanceOf(Judgment.Scored.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"score\": null, \"reasoning\": \"not applicable\"}", "{\"score\": \"N/A\", \"reasoning\": \"not applicable\"}",
      "{\"abstain\": true, \"reasoning\": \"not applicable\"}"})
  void nullScoreIsAnAbstentionWithItsReason(String answer) {
    assertThat(JudgmentParser.parse(answer)).isEqualTo(new Judgment.Abstained("not applicable"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.99, 10.01, 14, -3, 100})
  void outOfRangeScoresAreRejectedNotClamped(double score) {
    assertThatThrownBy(() -> JudgmentParser.parse("{\"score\": " + score + ", \"reasoning\": \"x\"}"))
        .isInstanceOf(InvalidAnswerException.class)
        .hasMessageContaining("must be between 1 and 10")
        .satisfies(e -> assertThat(((InvalidAnswerException) e).kind()).isEqualTo(LlmErrorKind.INVALID_ANSWER));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "I think it's pretty good, maybe a seven.", "{\"reasoning\": \"forgot the score\"}",
      "{\"score\": \"high\"}", "{\"score\": [7]}", "{\"score\": 7", "```json\n{broken\n```", "[7]"})
  void garbageIsRejectedWithAReason(String answer) {
    assertThatThrownBy(() -> JudgmentParser.parse(answer)).isInstanceOf(InvalidAnswerException.class).hasMessageMatching(".*\\S.*");
  }

  @Test
  void aMissingScoreSaysSo() {
    assertThatThrownBy(() -> JudgmentParser.parse("{\"reasoning\": \"x\"}")).hasMessageContaining("no \"score\" field");
  }

  @Test
  void confidenceOutsideZeroToOneIsDroppedNotFatal() {
    Judgment j = JudgmentParser.parse("{\"score\": 5, \"reasoning\": \"x\", \"confidence\": 85}");
    assertThat(j).isInstanceOfSatisfying(Judgment.Scored.class, s -> assertThat(s.confidence()).isNaN());
  }

  @Test
  void longReasoningIsCut() {
    Judgment j = JudgmentParser.parse("{\"score\": 5, \"reasoning\": \"" + "a".repeat(5000) + "\"}");
    assertThat(((Judgment.Scored) j).reasoning()).hasSize(JudgmentParser.MAX_REASONING);
  }

  /** Property: any valid judgment, however it is wrapped, parses back to the same score. */
  @RepeatedTest(200)
  void everyValidScoreSurvivesAnyWrapping(org.junit.jupiter.api.RepetitionInfo info) {
    Random random = new Random(info.getCurrentRepetition());
    double score = Math.round((1 + random.nextDouble() * 9) * 100) / 100.0;
    double confidence = Math.round(random.nextDouble() * 100) / 100.0;
    String reasoning = randomText(random);
    String json = String.format(Locale.ROOT, "{\"score\": %s, \"reasoning\": %s, \"confidence\": %s}",
        random.nextBoolean() ? Double.toString(score) : "\"" + score + "\"", quote(reasoning), confidence);
    String wrapped = switch (random.nextInt(4)) {
      case 0 -> json;
      case 1 -> "```json\n" + json + "\n```";
      case 2 -> randomText(random).replace("{", "(") + " " + json + " " + randomText(random);
      default -> "Sure! " + json;
    };
    Judgment j = JudgmentParser.parse(wrapped);
    assertThat(j).isInstanceOfSatisfying(Judgment.Scored.class, s -> {
      assertThat(s.score()).isEqualTo(score);
      assertThat(s.confidence()).isEqualTo(confidence);
      assertThat(s.reasoning()).isEqualTo(reasoning.strip());
    });
  }

  /** Property: the parser never throws anything but InvalidAnswerException, and never returns an out-of-range score. */
  @RepeatedTest(300)
  void arbitraryTextEitherParsesInRangeOrIsRejectedCleanly(org.junit.jupiter.api.RepetitionInfo info) {
    Random random = new Random(1000 + info.getCurrentRepetition());
    StringBuilder text = new StringBuilder();
    String[] pieces = {"{", "}", "\"score\"", ":", "7", "-2", "11", "null", ",", "\"reasoning\"", "\"x\"", "```", "json", " ", "'", "[", "]"};
    for (int i = random.nextInt(30); i > 0; i--) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    try {
      Judgment j = JudgmentParser.parse(text.toString());
      if (j instanceof Judgment.Scored s) {
        assertThat(s.score()).isBetween(1.0, 10.0);
      }
    } catch (InvalidAnswerException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static String randomText(Random random) {
    String alphabet = "abc xyz ÄÖ 日本 \"quotes\" \\ {braces} \n";
    StringBuilder b = new StringBuilder();
    for (int i = random.nextInt(40); i > 0; i--) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
