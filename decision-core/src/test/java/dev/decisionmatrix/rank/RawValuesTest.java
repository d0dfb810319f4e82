package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.model.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Raw-valued criteria (values in a unit a person or a tool entered) go through the whole path a
 * session takes: a decision with {@link Measure}d criteria, an evaluation of {@link
 * Judgment.Measured} cells, {@link ScoreMatrix#of(Evaluation)} and the methods.
 */
class RawValuesTest {

  /** An evaluation whose every cell holds the raw value given, in each criterion's unit. */
  private static Evaluation measured(double[] weights, boolean[] cost, String[] units, double[][] raw) {
    List<Option> options = IntStream.rangeClosed(1, raw.length).mapToObj(i -> Option.of("A" + i)).toList();
    List<Criterion> criteria = new ArrayList<>();
    for (int c = 0; c < weights.length; c++) {
      criteria.add(Criterion.builder("C" + (c + 1)).weight(weights[c]).direction(cost[c] ? Direction.COST : Direction.BENEFIT)
          .measure(Measure.of(units[c])).build());
    }
    Decision decision = Decision.of("Which one?", options, criteria);
    List<List<@Nullable Judgment>> rows = new ArrayList<>();
    for (double[] row : raw) {
      List<@Nullable Judgment> cells = new ArrayList<>();
      for (int c = 0; c < row.length; c++) {
        cells.add(new Judgment.Measured(row[c], units[c], "from the data sheet"));
      }
      rows.add(cells);
    }
    return Evaluation.of(decision, rows, null);
  }

  private static String[] units(int m, String unit) {
    String[] u = new String[m];
    Arrays.fill(u, unit);
    return u;
  }

  @Test
  void coprasReproducesGoswamiAndMitraFromPricesEnteredInEuros() {
    // Goswami and Mitra, Int. J. of Data and Network Science 4(1) (2020) 27-42, COPRAS table, entered
    // as raw values: price (cost, EUR), RAM (GB), camera (count), rating.
    double[][] raw = {{80, 16, 2, 5}, {110, 32, 2, 9}, {130, 64, 4, 9}, {185, 64, 4, 1}, {135, 64, 3, 4},
        {140, 32, 3, 5}, {185, 64, 6, 7}, {110, 16, 3, 3}, {120, 16, 4, 3}, {340, 128, 6, 5}};
    Evaluation e = measured(new double[] {6.0338, 1.3639, 1.9567, 0.6456}, new boolean[] {true, false, false, false},
        new String[] {"EUR", "GB", "", ""}, raw);
    double[] u = Copras.utility(ScoreMatrix.of(e));
    assertThat(u).containsExactly(
        new double[] {1, 0.85262, 0.91930, 0.68523, 0.80515, 0.72587, 0.83436, 0.79758, 0.79097, 0.79533}, within(0.000005));
  }

  @Test
  void edasReproducesErsoyFromLaptopSpecifications() {
    // Ersoy, LogForum 17(3) (2021), EDAS table: six laptops, weight in kg and price are costs.
    double[][] raw = {{256, 8, 41, 1.6, 1.77, 7347.16}, {256, 8, 32, 1.0, 1.8, 6919.99}, {256, 8, 53, 1.6, 1.9, 8400},
        {256, 8, 41, 1.0, 1.75, 6808.9}, {512, 8, 35, 1.6, 1.7, 8479.99}, {256, 4, 35, 1.6, 1.7, 7499.99}};
    Evaluation e = measured(new double[] {8.1, 4.42, 2.68, 3.98, 0.14, 0.68}, new boolean[] {false, false, false, false, true, true},
        new String[] {"GB", "GB", "cm", "GHz", "kg", "TRY"}, raw);
    assertThat(Edas.appraisal(ScoreMatrix.of(e))).containsExactly(new double[] {0.414, 0.130, 0.461, 0.212, 0.944, 0.043}, within(0.0005));
  }

  @Test
  void vikorAndPrometheeReproducePapathanasiouAndPloskasFromRawValues() {
    // Papathanasiou and Ploskas, Multiple Criteria Decision Aid (Springer 2018), ch. 2 and 3.
    double[][] raw = {{8, 7, 2, 1}, {5, 3, 7, 5}, {7, 5, 6, 4}, {9, 9, 7, 3}, {11, 10, 3, 7}, {6, 9, 5, 4}};
    ScoreMatrix m = ScoreMatrix.of(measured(new double[] {4, 3, 1, 2}, new boolean[4], units(4, ""), raw));
    assertThat(new Vikor(0.625).indices(m)[2]).containsExactly(new double[] {0.640, 1.000, 0.693, 0.271, 0.000, 0.694}, within(0.0005));
    assertThat(new PrometheeII(PreferenceFunction.linear(1, 2)).netFlows(m))
        .containsExactly(new double[] {-0.26, -0.52, -0.22, 0.36, 0.70, -0.06}, within(0.005));
  }

  @Test
  void mabacReproducesIsikAydinAndKosarogluFromRawValues() {
    // Isik, Aydin and Kosaroglu, LogForum 16(4) (2020), MABAC table: distances to 4 decimals.
    double[][] raw = {{2.937588, 2.762986, 3.233723, 2.881315, 3.015289, 3.313491},
        {2.978555, 3.012820, 2.929487, 3.096154, 3.012820, 3.593939}, {3.286673, 3.464600, 3.746009, 3.715632, 3.703427, 4.133620},
        {3.322037, 3.098638, 3.262154, 3.147851, 3.206675, 3.798684}, {3.354866, 3.270945, 3.221880, 3.213207, 3.670508, 3.785941},
        {2.796570, 2.983000, 2.744904, 2.692550, 2.787563, 2.878851}, {2.846491, 2.729618, 2.789990, 2.955624, 3.123323, 3.646595},
        {3.253458, 3.208902, 3.678499, 3.580044, 3.505663, 3.954262}, {2.580718, 2.906903, 3.176497, 3.073653, 3.264727, 3.681887},
        {2.789011, 3.000000, 3.101099, 3.139194, 2.985348, 3.139194}, {3.418681, 3.261905, 3.187912, 3.052381, 3.266667, 3.695238}};
    ScoreMatrix m = ScoreMatrix.of(measured(new double[] {1.71761, 1.05975, 1.91793, 1.68824, 1.61768, 1.99880}, new boolean[6], units(6, "index"), raw));
    assertThat(Mabac.distances(m)).containsExactly(
        new double[] {-0.1553, -0.0895, 0.5054, 0.1324, 0.2469, -0.3868, -0.1794, 0.3629, -0.0842, -0.1675, 0.1399}, within(0.00006));
  }

  @Test
  void rawValuesKeepTheirNumbersAndAreMinMaxNormalisedOntoTheOneToTenScale() {
    ScoreMatrix m = ScoreMatrix.of(measured(new double[] {1, 1}, new boolean[] {true, false}, new String[] {"EUR", "ms"},
        new double[][] {{100, 20}, {300, 40}, {200, 30}}));
    assertThat(m.isMeasured(0)).isTrue();
    assertThat(m.raw(1, 0)).isCloseTo(300, within(1e-9));
    // price is a cost: the cheapest is best (10), the dearest worst (1)
    assertThat(new double[] {m.value(0, 0), m.value(1, 0), m.value(2, 0)}).containsExactly(new double[] {10, 1, 5.5}, within(1e-9));
    assertThat(new double[] {m.value(0, 1), m.value(1, 1), m.value(2, 1)}).containsExactly(new double[] {1, 10, 5.5}, within(1e-9));
  }

  @Test
  void scalingARawColumnToAnotherUnitChangesNoMethodsRanking() {
    Random random = new Random(20261203);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(6);
      int m = 1 + random.nextInt(4);
      double[] weights = new double[m];
      boolean[] cost = new boolean[m];
      double[][] raw = new double[n][m];
      for (int c = 0; c < m; c++) {
        weights[c] = 0.1 + random.nextInt(100) / 10.0;
        cost[c] = random.nextBoolean();
        for (int o = 0; o < n; o++) {
          raw[o][c] = 1 + random.nextInt(500);
        }
      }
      int scaled = random.nextInt(m);
      double factor = random.nextBoolean() ? 1000 : 0.001;
      double[][] other = new double[n][];
      for (int o = 0; o < n; o++) {
        other[o] = raw[o].clone();
        other[o][scaled] *= factor;
      }
      ScoreMatrix before = ScoreMatrix.of(measured(weights, cost, units(m, "EUR"), raw));
      ScoreMatrix after = ScoreMatrix.of(measured(weights, cost, units(m, "EUR"), other));
      for (RankingMethod method : RankingMethod.all()) {
        double[] a = method.optionScores(before);
        double[] b = method.optionScores(after);
        assertThat(order(b)).as("%s, trial %d", method.name(), trial).containsExactly(order(a));
        if (!method.name().equals("weighted-product")) {
          // the weighted product's scores all scale by one factor; every other method's stay equal
          assertThat(b).as("%s, trial %d", method.name(), trial).containsExactly(a, within(1e-9));
        }
      }
    }
  }

  private static Integer[] order(double[] scores) {
    Integer[] idx = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    // ties broken by index so that equal scores give the same order either way (to 1e-9)
    Arrays.sort(idx, (x, y) -> Math.abs(scores[x] - scores[y]) < 1e-9 * Math.max(1, Math.abs(scores[x])) ? Integer.compare(x, y)
        : Double.compare(scores[y], scores[x]));
    return idx;
  }

  @Test
  void judgedAndRawCriteriaMixInOneMatrixAndAYesNoEntersAsTenOrOne() {
    Decision d = Decision.builder("Which laptop?")
        .option("Light").option("Heavy")
        .criterion(Criterion.builder("Build quality").build())
        .criterion(Criterion.builder("Price").direction(Direction.COST).measure(Measure.of("EUR")).build())
        .criterion(Criterion.builder("Has a backlit keyboard").measure(Measure.yesNo()).build())
        .build();
    Evaluation e = Evaluation.empty(d)
        .withJudgment("Light", "Build quality", Judgment.Scored.of(6, "fine", 0.9))
        .withJudgment("Heavy", "Build quality", Judgment.Scored.of(8, "solid", 0.9))
        .withJudgment("Light", "Price", new Judgment.Measured(900, "eur", ""))
        .withJudgment("Heavy", "Price", new Judgment.Measured(1500, "EUR", ""))
        .withJudgment("Light", "Has a backlit keyboard", Judgment.Measured.yesNo(true, ""))
        .withJudgment("Heavy", "Has a backlit keyboard", Judgment.Measured.yesNo(false, ""));
    ScoreMatrix m = ScoreMatrix.of(e);
    assertThat(m.value(0, 0)).isEqualTo(6);
    assertThat(m.value(0, 1)).isEqualTo(10);
    assertThat(m.value(1, 1)).isEqualTo(1);
    assertThat(m.isMeasured(2)).isFalse();
    assertThat(m.raw(0, 2)).isEqualTo(10);
    assertThat(m.raw(1, 2)).isEqualTo(1);
    // (6 + 10 + 10) / 3 against (8 + 1 + 1) / 3
    assertThat(WeightedSum.scores(m)).containsExactly(new double[] {26 / 3.0, 10 / 3.0}, within(1e-9));
    for (RankingMethod method : RankingMethod.all()) {
      assertThat(method.rank(m).options().getFirst().name()).as(method.name()).isEqualTo("Light");
    }
  }

  @Test
  void theWeightedProductRanksARawColumnWithZerosThroughItsNormalisation() {
    ScoreMatrix m = ScoreMatrix.of(measured(new double[] {1, 1}, new boolean[] {true, true}, new String[] {"incidents", "EUR"},
        new double[][] {{0, 100}, {5, 100}, {2, 50}}));
    double[] scores = RankingMethod.weightedProduct().optionScores(m);
    for (double s : scores) {
      assertThat(s).isFinite().isPositive();
    }
    assertThat(RankingMethod.weightedProduct().rank(m).options().getFirst().name()).isEqualTo("A3");
  }

  @Test
  void aScoreOnARawCriterionOrAValueInAnotherUnitDoesNotCount() {
    Decision d = Decision.builder("Which?").option("A").option("B")
        .criterion(Criterion.builder("Latency").direction(Direction.COST).measure(Measure.of("ms")).build()).build();
    Evaluation e = Evaluation.empty(d)
        .withJudgment("A", "Latency", Judgment.Scored.manual(9, "feels fast"))
        .withJudgment("B", "Latency", new Judgment.Measured(2, "s", ""));
    ScoreMatrix m = ScoreMatrix.of(e);
    assertThat(m.state(0, 0)).isEqualTo(CellState.MISSING);
    assertThat(m.state(1, 0)).isEqualTo(CellState.MISSING);
  }

  @Test
  void withCompleteRawDataADominatedOptionNeverRanksFirst() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(5);
      int m = 1 + random.nextInt(4);
      double[] weights = new double[m];
      boolean[] cost = new boolean[m];
      double[][] raw = new double[n][m];
      for (int c = 0; c < m; c++) {
        weights[c] = 0.1 + random.nextInt(100) / 10.0;
        cost[c] = random.nextBoolean();
        for (int o = 0; o < n; o++) {
          raw[o][c] = 10 + random.nextInt(990);
        }
      }
      // option 0 is strictly worse than option 1 on every criterion
      for (int c = 0; c < m; c++) {
        raw[0][c] = cost[c] ? raw[1][c] + 1 + random.nextInt(50) : Math.max(1, raw[1][c] - 1 - random.nextInt(9));
        if (!cost[c] && raw[0][c] >= raw[1][c]) {
          raw[1][c] = raw[0][c] + 1;
        }
      }
      ScoreMatrix matrix = ScoreMatrix.of(measured(weights, cost, units(m, "ms"), raw));
      for (RankingMethod method : RankingMethod.all()) {
        Ranking r = method.rank(matrix);
        assertThat(r.options().stream().filter(x -> x.rank() == 1).map(RankedOption::name))
            .as("%s, trial %d", method.name(), trial).doesNotContain("A1");
      }
    }
  }
}
