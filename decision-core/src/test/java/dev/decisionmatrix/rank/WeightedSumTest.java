package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class WeightedSumTest {

  private static Judgment s(double score) {
    return Judgment.Scored.of(score, "", Double.NaN);
  }

  private static final Judgment ABSTAIN = new Judgment.Abstained("n/a");

  // Criteria: Quality (w 3, benefit), Price (w 2, cost), Support (w 1, benefit).
  private static Decision decision(String... options) {
    Decision.Builder b = Decision.builder("Which vendor?");
    for (String o : options) {
      b.option(o);
    }
    return b.criterion(Criterion.of("Quality", null, 3))
        .criterion(Criterion.builder("Price").weight(2).direction(Direction.COST).build())
        .criterion(Criterion.of("Support", null, 1))
        .build();
  }

  @Test
  void matchesAHandComputedExampleWithAnAbstention() {
    Decision d = decision("A", "B", "C");
    Evaluation e = Evaluation.of(d, List.of(
        Arrays.asList(s(8), s(4), s(6)),      // (3*8 + 2*(11-4) + 1*6) / 6 = 44/6 = 7.333
        Arrays.asList(s(9), s(9), ABSTAIN),   // (3*9 + 2*2) / 5 = 31/5 = 6.2 (support left out)
        Arrays.asList(s(5), s(1), s(5))),     // (15 + 20 + 5) / 6 = 40/6 = 6.667
        EvaluationStats.NONE);

    Ranking ranking = Ranking.of(e, RankingMethod.weightedSum(), MissingDataPolicy.EXCLUDE);

    assertThat(ranking.options()).extracting(RankedOption::name).containsExactly("A", "C", "B");
    assertThat(ranking.options()).extracting(RankedOption::rank).containsExactly(1, 2, 3);
    assertThat(ranking.options().get(0).score()).isCloseTo(44.0 / 6, within(1e-12));
    assertThat(ranking.options().get(1).score()).isCloseTo(40.0 / 6, within(1e-12));
    assertThat(ranking.options().get(2).score()).isCloseTo(6.2, within(1e-12));
    assertThat(ranking.options().get(2).abstained()).isEqualTo(1);
    assertThat(ranking.provisional()).isFalse();
    assertThat(ranking.recommendation().verdict()).isEqualTo(Verdict.CLEAR_WINNER);
    assertThat(ranking.recommendation().leaders()).containsExactly("A");
    assertThat(ranking.recommendation().margin()).isCloseTo(44.0 / 6 - 40.0 / 6, within(1e-12));
    assertThat(ranking.recommendation().summary()).contains("A is the clear winner", "7.33", "6.67", "0.67");
  }

  @Test
  void tiesAreTies() {
    Decision d = decision("A", "B", "C");
    Evaluation e = Evaluation.of(d, List.of(
        Arrays.asList(s(8), s(4), s(6)),
        Arrays.asList(s(8), s(4), s(6)),
        Arrays.asList(s(2), s(9), s(2))), EvaluationStats.NONE);

    Ranking ranking = Ranking.weightedSum(e);

    assertThat(ranking.options()).extracting(RankedOption::rank).containsExactly(1, 1, 3);
    assertThat(ranking.recommendation().verdict()).isEqualTo(Verdict.TIE);
    assertThat(ranking.recommendation().leaders()).containsExactly("A", "B");
    assertThat(ranking.recommendation().summary()).startsWith("Tie: A, B");
  }

  @Test
  void aSmallLeadIsCalledCloseNotClear() {
    Decision d = decision("A", "B");
    Evaluation e = Evaluation.of(d, List.of(
        Arrays.asList(s(8), s(4), s(6.06)),
        Arrays.asList(s(8), s(4), s(6))), EvaluationStats.NONE);

    Recommendation r = Ranking.weightedSum(e).recommendation();

    assertThat(r.verdict()).isEqualTo(Verdict.CLOSE);
    assertThat(r.margin()).isCloseTo(0.01, within(1e-9));
    assertThat(r.summary()).contains("Close call").contains("0.01");
  }

  @Test
  void failedAndMissingCellsMakeTheRankingProvisionalAndSaySo() {
    Decision d = decision("A", "B");
    Evaluation e = Evaluation.of(d, List.of(
        Arrays.asList(s(8), new Judgment.Failed(LlmErrorKind.TIMEOUT, "slow", 4), s(6)),
        Arrays.asList(s(3), s(4), null)), EvaluationStats.NONE);

    Ranking ranking = Ranking.of(e, RankingMethod.weightedSum(), MissingDataPolicy.EXCLUDE);

    assertThat(ranking.provisional()).isTrue();
    RankedOption a = ranking.option("A").orElseThrow();
    assertThat(a.provisional()).isTrue();
    assertThat(a.failed()).isEqualTo(1);
    assertThat(a.abstained()).isZero();
    assertThat(a.score()).isCloseTo((3 * 8 + 6) / 4.0, within(1e-12));
    assertThat(ranking.option("B").orElseThrow().missing()).isEqualTo(1);
    assertThat(ranking.recommendation().summary()).contains("Provisional: 1 cell failed and 1 cell is not judged yet");
  }

  @Test
  void refusesToNameAWinnerBeforeAnyCellIsJudged() {
    Ranking ranking = Ranking.weightedSum(Evaluation.empty(decision("A", "B")));

    assertThat(ranking.recommendation().verdict()).isEqualTo(Verdict.NO_DATA);
    assertThat(ranking.recommendation().leaders()).isEmpty();
    assertThat(ranking.options()).allSatisfy(o -> {
      assertThat(o.rank()).isZero();
      assertThat(o.score()).isNaN();
    });
    assertThat(ranking.recommendation().summary()).contains("No recommendation yet");
  }

  @Test
  void anOptionWithOnlyAbstentionsIsUnrankedAndListedLast() {
    Decision d = decision("A", "B");
    Evaluation e = Evaluation.of(d, List.of(
        Arrays.asList(ABSTAIN, ABSTAIN, ABSTAIN),
        Arrays.asList(s(3), s(4), s(5))), EvaluationStats.NONE);

    Ranking ranking = Ranking.weightedSum(e);

    assertThat(ranking.options()).extracting(RankedOption::name).containsExactly("B", "A");
    assertThat(ranking.option("A").orElseThrow().isRanked()).isFalse();
    assertThat(ranking.recommendation().verdict()).isEqualTo(Verdict.ONLY_OPTION);
  }

  /** Property: scaling every weight by the same factor never changes the ranking. */
  @RepeatedTest(50)
  void rankingIsInvariantToScalingAllWeights(RepetitionInfo info) {
    Random random = new Random(info.getCurrentRepetition());
    ScoreMatrix m = randomMatrix(random, 8, 5);
    double factor = 0.1 + random.nextDouble() * 1.5;
    double[] scaled = Arrays.stream(m.weights()).map(w -> w * factor).toArray();
    assertThat(RankingMethod.weightedSum().rank(m.withWeights(scaled)).options())
        .extracting(RankedOption::name)
        .containsExactlyElementsOf(RankingMethod.weightedSum().rank(m).options().stream().map(RankedOption::name).toList());
  }

  /** Property: raising one cell's score never lowers that option's score, and scores stay on 1..10. */
  @RepeatedTest(50)
  void raisingAScoreNeverLowersTheOptionAndScoresStayInRange(RepetitionInfo info) {
    Random random = new Random(100 + info.getCurrentRepetition());
    int n = 6;
    int k = 4;
    double[][] scores = new double[n][k];
    CellState[][] states = new CellState[n][k];
    for (int o = 0; o < n; o++) {
      for (int c = 0; c < k; c++) {
        scores[o][c] = 1 + random.nextInt(90) / 10.0;
        states[o][c] = CellState.SCORED;
      }
    }
    double[] weights = random.doubles(k, 0.1, 10).toArray();
    List<String> options = List.of("a", "b", "c", "d", "e", "f");
    List<String> criteria = List.of("w", "x", "y", "z");
    double before = WeightedSum.scores(ScoreMatrix.of(options, criteria, weights, scores, states))[2];
    scores[2][1] = Math.min(10, scores[2][1] + 1);
    double[] after = WeightedSum.scores(ScoreMatrix.of(options, criteria, weights, scores, states));
    assertThat(after[2]).isGreaterThanOrEqualTo(before);
    assertThat(Arrays.stream(after).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(1.0, 10.0));
  }

  private static ScoreMatrix randomMatrix(Random random, int n, int k) {
    double[][] scores = new double[n][k];
    CellState[][] states = new CellState[n][k];
    List<String> options = new java.util.ArrayList<>();
    List<String> criteria = new java.util.ArrayList<>();
    for (int o = 0; o < n; o++) {
      options.add("o" + o);
      for (int c = 0; c < k; c++) {
        boolean abstain = random.nextInt(10) == 0;
        scores[o][c] = abstain ? Double.NaN : 1 + random.nextInt(90) / 10.0;
        states[o][c] = abstain ? CellState.ABSTAINED : CellState.SCORED;
      }
    }
    for (int c = 0; c < k; c++) {
      criteria.add("c" + c);
    }
    return ScoreMatrix.of(options, criteria, random.doubles(k, 0.1, 10).toArray(), scores, states);
  }
}
