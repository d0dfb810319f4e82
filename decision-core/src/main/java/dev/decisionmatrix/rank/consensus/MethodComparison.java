package dev.decisionmatrix.rank.consensus;

import dev.decisionmatrix.rank.MissingDataPolicy;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Several ranking methods side by side on one matrix: each method's ranks, how well each pair of
 * methods agrees (Spearman rho and Kendall tau-b over the options both rank), the Borda and
 * Copeland consensus orders, and a plain statement of whether the methods agree on the winner.
 * Immutable.
 *
 * @param options the options' names, in decision order
 * @param rankings one ranking per method, in the order given
 * @param agreements one entry per pair of methods
 * @param borda option names best first by Borda points
 * @param bordaPoints Borda points per option, in decision order
 * @param copeland option names best first by Copeland score
 * @param copelandScores Copeland wins minus losses per option, in decision order
 * @param statement e.g. {@code "All 8 methods rank A first."}
 */
public record MethodComparison(
    List<String> options,
    List<Ranking> rankings,
    List<Agreement> agreements,
    List<String> borda,
    List<Double> bordaPoints,
    List<String> copeland,
    List<Integer> copelandScores,
    String statement) {

  /** Copies the lists. */
  public MethodComparison {
    options = List.copyOf(options);
    rankings = List.copyOf(rankings);
    agreements = List.copyOf(agreements);
    borda = List.copyOf(borda);
    bordaPoints = List.copyOf(bordaPoints);
    copeland = List.copyOf(copeland);
    copelandScores = List.copyOf(copelandScores);
    Objects.requireNonNull(statement, "statement");
  }

  /**
   * How well two methods agree.
   *
   * @param first the first method's name
   * @param second the second method's name
   * @param spearman Spearman's rho over the options both rank, {@code NaN} when undefined
   * @param kendall Kendall's tau-b over the same options, {@code NaN} when undefined
   * @param sameWinner whether both name the same leader(s)
   */
  public record Agreement(String first, String second, double spearman, double kendall, boolean sameWinner) {}

  /**
   * Compares methods on a matrix.
   *
   * @param matrix the scores, with cells without a score left empty
   * @param methods the methods, at least one, names unique
   * @param missingData what cells without a score count as, for every method
   * @return the comparison
   * @throws IllegalArgumentException if no method is given or two share a name
   */
  public static MethodComparison of(ScoreMatrix matrix, List<RankingMethod> methods, MissingDataPolicy missingData) {
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("comparing methods needs at least one ranking method but got none");
    }
    if (methods.stream().map(RankingMethod::name).distinct().count() != methods.size()) {
      throw new IllegalArgumentException("each method may be compared once, but the names repeat: "
          + methods.stream().map(RankingMethod::name).toList());
    }
    int n = matrix.optionCount();
    List<Ranking> rankings = methods.stream().map(m -> m.rank(matrix, missingData)).toList();
    List<Agreement> agreements = new ArrayList<>();
    for (int a = 0; a < rankings.size(); a++) {
      for (int b = a + 1; b < rankings.size(); b++) {
        agreements.add(agreement(rankings.get(a), rankings.get(b), n));
      }
    }
    double[] points = Consensus.borda(rankings, n);
    int[] copeland = Consensus.copeland(rankings, n);
    List<String> names = matrix.optionNames();
    return new MethodComparison(names, rankings, agreements,
        order(names, o -> -points[o]), IntStream.range(0, n).mapToObj(o -> points[o]).toList(),
        order(names, o -> -copeland[o]), IntStream.range(0, n).mapToObj(o -> copeland[o]).toList(),
        Consensus.winnerStatement(matrix.imputed(missingData), methods));
  }

  private static Agreement agreement(Ranking x, Ranking y, int n) {
    double[] rx = new double[n];
    double[] ry = new double[n];
    for (RankedOption o : x.options()) {
      rx[o.index()] = o.isRanked() ? o.rank() : Double.NaN;
    }
    for (RankedOption o : y.options()) {
      ry[o.index()] = o.isRanked() ? o.rank() : Double.NaN;
    }
    int both = 0;
    for (int o = 0; o < n; o++) {
      if (!Double.isNaN(rx[o]) && !Double.isNaN(ry[o])) {
        rx[both] = rx[o];
        ry[both] = ry[o];
        both++;
      }
    }
    double[] a = java.util.Arrays.copyOf(rx, both);
    double[] b = java.util.Arrays.copyOf(ry, both);
    boolean sameWinner = x.recommendation().leaders().equals(y.recommendation().leaders());
    return both < 2 ? new Agreement(x.method(), y.method(), Double.NaN, Double.NaN, sameWinner)
        : new Agreement(x.method(), y.method(), RankCorrelation.spearman(a, b), RankCorrelation.kendallTauB(a, b), sameWinner);
  }

  private static List<String> order(List<String> names, java.util.function.IntToDoubleFunction key) {
    return IntStream.range(0, names.size()).boxed()
        .sorted(Comparator.comparingDouble(key::applyAsDouble).thenComparingInt(o -> o))
        .map(names::get).toList();
  }
}
