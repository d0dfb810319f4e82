package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.rank.Ranking;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random evaluations (seeded, so a failure repeats) survive writing and reading. */
class DecisionJsonRoundTripTest {

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyEvaluationSurvivesAWriteAndARead(long seed) {
    Evaluation evaluation = randomEvaluation(new Random(seed));

    Evaluation read = DecisionJson.read(DecisionJson.write(evaluation));

    assertThat(read).isEqualTo(evaluation);
    assertThat(read.decision()).isEqualTo(evaluation.decision());
    assertThat(read.stats()).isEqualTo(evaluation.stats());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyJsonReportReadsBackAsItsEvaluation(long seed) {
    Evaluation evaluation = randomEvaluation(new Random(seed));

    String json = JsonReport.render(evaluation, Ranking.weightedSum(evaluation));

    assertThat(DecisionJson.read(json)).isEqualTo(evaluation);
  }

  private static Evaluation randomEvaluation(Random random) {
    int n = random.nextInt(6);
    int m = random.nextInt(5);
    List<Option> options = new ArrayList<>();
    for (int o = 0; o < n; o++) {
      options.add(Option.of("Option " + o + " " + name(random), text(random)));
    }
    List<Criterion> criteria = new ArrayList<>();
    for (int c = 0; c < m; c++) {
      criteria.add(Criterion.builder("Criterion <" + c + "> " + name(random))
          .description(text(random))
          .weight(0.1 + random.nextDouble() * 9.9)
          .direction(random.nextBoolean() ? Direction.COST : Direction.BENEFIT)
          .rubric(text(random))
          .backend(random.nextBoolean() ? null : "openai")
          .model(random.nextBoolean() ? null : "gpt-4o-mini")
          .temperature(random.nextBoolean() ? null : random.nextDouble() * 2)
          .build());
    }
    Decision decision = Decision.of("Topic " + text(random) + "?", options, criteria);
    List<List<@Nullable Judgment>> rows = new ArrayList<>();
    for (int o = 0; o < n; o++) {
      List<@Nullable Judgment> row = new ArrayList<>();
      for (int c = 0; c < m; c++) {
        row.add(judgment(random));
      }
      rows.add(row);
    }
    EvaluationStats stats = new EvaluationStats(random.nextInt(100), random.nextInt(1000), random.nextInt(10), random.nextInt(10),
        random.nextInt(100), random.nextInt(100), random.nextInt(10), random.nextInt(10),
        new TokenUsage(random.nextLong(0, Long.MAX_VALUE / 2), random.nextInt(1000)), Duration.ofNanos(random.nextLong(0, 1L << 50)),
        random.nextBoolean());
    return Evaluation.of(decision, rows, stats);
  }

  private static @Nullable Judgment judgment(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> null;
      case 1 -> new Judgment.Abstained(text(random));
      case 2 -> new Judgment.Failed(LlmErrorKind.values()[random.nextInt(LlmErrorKind.values().length)], text(random), random.nextInt(6));
      default -> new Judgment.Scored(
          random.nextInt(4) == 0 ? 1 + random.nextInt(10) : 1 + random.nextDouble() * 9,
          text(random),
          random.nextInt(3) == 0 ? Double.NaN : random.nextDouble(),
          random.nextDouble() * 9,
          1 + random.nextInt(9),
          random.nextBoolean());
    };
  }

  /** Text as {@link #text} makes it, less the control characters names may not hold. */
  private static String name(Random random) {
    return text(random).replaceAll("\\p{Cc}|\u2028", "").strip();
  }

  /** Text with the characters that break naive writers: quotes, backslashes, controls, non-ASCII, emoji. */
  private static String text(Random random) {
    String alphabet = "ab Z9\"\\/\n\r\t\u0000\u001f<>&'|,;\u00e9\u00df\u4e2d\u2028\ud83d\ude00";
    StringBuilder sb = new StringBuilder();
    int length = random.nextInt(24);
    for (int i = 0; i < length; i++) {
      int at = random.nextInt(alphabet.length() - 1);
      char ch = alphabet.charAt(at);
      if (Character.isHighSurrogate(ch)) {
        sb.append(ch).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(ch)) {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
