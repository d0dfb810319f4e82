package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each method reproduces a published worked example to the precision it was published with. */
class PublishedExamplesTest {

  private static ScoreMatrix matrix(double[] weights, boolean[] cost, double[][] raw) {
    List<String> options = IntStream.rangeClosed(1, raw.length).mapToObj(i -> "A" + i).toList();
    List<String> criteria = IntStream.rangeClosed(1, weights.length).mapToObj(i -> "C" + i).toList();
    return ScoreMatrix.ofMeasurements(options, criteria, weights, raw, cost);
  }

  // Papathanasiou and Ploskas, Multiple Criteria Decision Aid (Springer 2018), ch. 2 (VIKOR) and ch. 3
  // (PROMETHEE): six options, four benefit criteria, weights 0.4, 0.3, 0.1, 0.2.
  private static final double[][] PLOSKAS = {{8, 7, 2, 1}, {5, 3, 7, 5}, {7, 5, 6, 4}, {9, 9, 7, 3}, {11, 10, 3, 7}, {6, 9, 5, 4}};
  private static final double[] PLOSKAS_W = {0.4, 0.3, 0.1, 0.2};

  @Test
  void vikorReproducesPapathanasiouAndPloskasQValues() {
    // Ch. 2 worked example with v = 0.625: Q = 0.640, 1.000, 0.693, 0.271, 0.000, 0.694 (3 decimals).
    Vikor vikor = new Vikor(0.625);
    ScoreMatrix m = matrix(PLOSKAS_W, new boolean[4], PLOSKAS);
    double[] q = vikor.indices(m)[2];
    assertThat(q).containsExactly(new double[] {0.640, 1.000, 0.693, 0.271, 0.000, 0.694}, within(0.0005));
    Ranking r = vikor.rank(m);
    assertThat(r.options().getFirst().name()).isEqualTo("A5");
    assertThat(r.compromise()).isNotNull();
    // Q(A4) - Q(A5) = 0.271 >= 1/(6-1) = 0.2 (C1), and A5 is also best by S (C2).
    assertThat(r.compromise().accepted()).isTrue();
    assertThat(r.compromise().options()).containsExactly("A5");
  }

  @Test
  void prometheeIIReproducesPapathanasiouAndPloskasNetFlowsWithLinearPreference() {
    // Ch. 3 worked example, linear preference with q = 1, p = 2 on every criterion:
    // net flows -0.26, -0.52, -0.22, 0.36, 0.70, -0.06 (2 decimals).
    PrometheeII promethee = new PrometheeII(PreferenceFunction.linear(1, 2));
    double[] phi = promethee.netFlows(matrix(PLOSKAS_W, new boolean[4], PLOSKAS));
    assertThat(phi).containsExactly(new double[] {-0.26, -0.52, -0.22, 0.36, 0.70, -0.06}, within(0.005));
  }

  @Test
  void coprasReproducesGoswamiAndMitraUtilityDegrees() {
    // Goswami and Mitra, Int. J. of Data and Network Science 4(1) (2020) 27-42, COPRAS table:
    // ten mobile models, price is a cost; utility degrees to 5 decimals.
    double[][] raw = {{80, 16, 2, 5}, {110, 32, 2, 9}, {130, 64, 4, 9}, {185, 64, 4, 1}, {135, 64, 3, 4},
        {140, 32, 3, 5}, {185, 64, 6, 7}, {110, 16, 3, 3}, {120, 16, 4, 3}, {340, 128, 6, 5}};
    double[] u = Copras.utility(matrix(new double[] {0.60338, 0.13639, 0.19567, 0.06456}, new boolean[] {true, false, false, false}, raw));
    assertThat(u).containsExactly(
        new double[] {1, 0.85262, 0.91930, 0.68523, 0.80515, 0.72587, 0.83436, 0.79758, 0.79097, 0.79533}, within(0.000005));
  }

  @Test
  void edasReproducesErsoyAppraisalScores() {
    // Ersoy, LogForum 17(3) (2021), EDAS table: six laptops, the last two criteria are costs;
    // appraisal scores to 3 decimals.
    double[][] raw = {{256, 8, 41, 1.6, 1.77, 7347.16}, {256, 8, 32, 1.0, 1.8, 6919.99}, {256, 8, 53, 1.6, 1.9, 8400},
        {256, 8, 41, 1.0, 1.75, 6808.9}, {512, 8, 35, 1.6, 1.7, 8479.99}, {256, 4, 35, 1.6, 1.7, 7499.99}};
    double[] as = Edas.appraisal(matrix(new double[] {0.405, 0.221, 0.134, 0.199, 0.007, 0.034},
        new boolean[] {false, false, false, false, true, true}, raw));
    assertThat(as).containsExactly(new double[] {0.414, 0.130, 0.461, 0.212, 0.944, 0.043}, within(0.0005));
  }

  @Test
  void mabacReproducesIsikAydinAndKosarogluDistances() {
    // Isik, Aydin and Kosaroglu, LogForum 16(4) (2020), MABAC table: eleven countries, six benefit
    // criteria; distances from the border to 4 decimals.
    double[][] raw = {{2.937588, 2.762986, 3.233723, 2.881315, 3.015289, 3.313491},
        {2.978555, 3.012820, 2.929487, 3.096154, 3.012820, 3.593939}, {3.286673, 3.464600, 3.746009, 3.715632, 3.703427, 4.133620},
        {3.322037, 3.098638, 3.262154, 3.147851, 3.206675, 3.798684}, {3.354866, 3.270945, 3.221880, 3.213207, 3.670508, 3.785941},
        {2.796570, 2.983000, 2.744904, 2.692550, 2.787563, 2.878851}, {2.846491, 2.729618, 2.789990, 2.955624, 3.123323, 3.646595},
        {3.253458, 3.208902, 3.678499, 3.580044, 3.505663, 3.954262}, {2.580718, 2.906903, 3.176497, 3.073653, 3.264727, 3.681887},
        {2.789011, 3.000000, 3.101099, 3.139194, 2.985348, 3.139194}, {3.418681, 3.261905, 3.187912, 3.052381, 3.266667, 3.695238}};
    double[] s = Mabac.distances(matrix(new double[] {0.171761, 0.105975, 0.191793, 0.168824, 0.161768, 0.199880}, new boolean[6], raw));
    assertThat(s).containsExactly(new double[] {-0.1553, -0.0895, 0.5054, 0.1324, 0.2469, -0.3868, -0.1794, 0.3629, -0.0842, -0.1675, 0.1399},
        within(0.00006));
  }
}
