package dev.decisionmatrix.rank;

import java.util.List;
import java.util.Locale;

/**
 * A multi-criteria ranking method: a pure function from a {@link ScoreMatrix} to a {@link Ranking}.
 * Implementations are stateless and thread-safe.
 */
public interface RankingMethod {

  /**
   * Returns a short, stable name, used in reports and by {@link #byName(String)}.
   *
   * @return the name, such as {@code "weighted-sum"}; never {@code null}
   */
  String name();

  /**
   * Ranks the options.
   *
   * @param matrix the scores, weights and cell states
   * @return the ranking
   */
  Ranking rank(ScoreMatrix matrix);

  /**
   * Computes every option's score without building a ranking or a recommendation: what robustness
   * analysis calls thousands of times. Higher is better; {@code NaN} for an option the method does
   * not rank. The default takes the scores from {@link #rank(ScoreMatrix)}; methods override it
   * with the computation alone.
   *
   * @param matrix the scores, weights and cell states
   * @return one score per option, in option order
   */
  default double[] optionScores(ScoreMatrix matrix) {
    double[] out = new double[matrix.optionCount()];
    java.util.Arrays.fill(out, Double.NaN);
    for (RankedOption r : rank(matrix).options()) {
      if (r.isRanked()) {
        out[r.index()] = r.score();
      }
    }
    return out;
  }

  /**
   * Ranks the options after filling cells without a score as a missing-data policy says, and calls
   * the lead clear only when it does not depend on that choice: if another {@link
   * MissingDataPolicy} names a different leader, the verdict is at best {@link Verdict#CLOSE} and
   * the summary says which policy disagrees.
   *
   * @param matrix the scores, weights and cell states, with cells without a score left empty
   * @param missingData what to put in cells without a score
   * @return the ranking, whose {@link Ranking#missingData()} is {@code missingData}
   */
  default Ranking rank(ScoreMatrix matrix, MissingDataPolicy missingData) {
    return MissingDataCheck.rank(this, matrix, missingData);
  }

  /**
   * Returns one sentence saying what the method rewards, for people choosing a method.
   *
   * @return the sentence; by default one naming the method only
   */
  default String description() {
    return "Ranks options by the " + name() + " method.";
  }

  /**
   * Returns the weighted sum (weighted average on the 1..10 scale) with a clear-win margin of 0.5
   * points. See {@link WeightedSum}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod weightedSum() {
    return WeightedSum.DEFAULT;
  }

  /**
   * Returns the weighted product (weighted geometric mean on the 1..10 scale) with a clear-win
   * margin of 0.5 points. See {@link WeightedProduct}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod weightedProduct() {
    return WeightedProduct.DEFAULT;
  }

  /**
   * Returns TOPSIS (closeness to the ideal option, in 0..1) with a clear-win margin of 0.05 in
   * closeness. See {@link Topsis}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod topsis() {
    return Topsis.DEFAULT;
  }

  /**
   * Returns VIKOR (compromise ranking, Opricovic and Tzeng 2004) with {@code v = 0.5}. See {@link
   * Vikor}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod vikor() {
    return Vikor.DEFAULT;
  }

  /**
   * Returns PROMETHEE II (net outranking flow, Brans and Vincke 1985) with the usual preference
   * function on every criterion. See {@link PrometheeII}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod prometheeII() {
    return PrometheeII.DEFAULT;
  }

  /**
   * Returns COPRAS (complex proportional assessment, Zavadskas, Kaklauskas and Sarka 1994). See
   * {@link Copras}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod copras() {
    return Copras.DEFAULT;
  }

  /**
   * Returns EDAS (evaluation based on distance from average solution, Keshavarz Ghorabaee et al.
   * 2015). See {@link Edas}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod edas() {
    return Edas.DEFAULT;
  }

  /**
   * Returns MABAC (multi-attributive border approximation area comparison, Pamucar and Cirovic
   * 2015). See {@link Mabac}.
   *
   * @return a shared, stateless instance
   */
  static RankingMethod mabac() {
    return Mabac.DEFAULT;
  }

  /**
   * Returns every stock method with its defaults, in a stable order: weighted sum, weighted
   * product, TOPSIS, VIKOR, PROMETHEE II, COPRAS, EDAS, MABAC.
   *
   * @return an unmodifiable list
   */
  static List<RankingMethod> all() {
    return List.of(weightedSum(), weightedProduct(), topsis(), vikor(), prometheeII(), copras(), edas(), mabac());
  }

  /**
   * Looks a method up by name: {@code weighted-sum}, {@code weighted-product}, {@code topsis},
   * {@code vikor}, {@code promethee-ii}, {@code copras}, {@code edas} or {@code mabac}
   * (case-insensitive; {@code _} and spaces count as {@code -}).
   *
   * @param name the method's name
   * @return the method
   * @throws IllegalArgumentException naming the known methods if there is none by that name
   */
  static RankingMethod byName(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (key) {
      case "weighted-sum", "sum", "wsm" -> weightedSum();
      case "weighted-product", "product", "wpm" -> weightedProduct();
      case "topsis" -> topsis();
      case "vikor" -> vikor();
      case "promethee-ii", "promethee2", "promethee-2", "promethee" -> prometheeII();
      case "copras" -> copras();
      case "edas" -> edas();
      case "mabac" -> mabac();
      default -> throw new IllegalArgumentException("unknown ranking method \"" + name + "\"; use one of "
          + String.join(", ", all().stream().map(RankingMethod::name).toList()));
    };
  }
}
