package dev.decisionmatrix.rank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Two options side by side, criterion by criterion: who is better on each, by how much, and how
 * much of the weight each one wins. Works on the scores as judged; a criterion where either option
 * has no score is counted as undecided, never as a win. Immutable.
 *
 * @param first the first option's name
 * @param second the second option's name
 * @param criteria one row per criterion, in decision order
 * @param summary one or two sentences for people
 */
public record HeadToHead(String first, String second, List<Row> criteria, String summary) {

  /** Copies the list. */
  public HeadToHead {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    criteria = List.copyOf(criteria);
  }

  /**
   * One criterion of the comparison.
   *
   * @param criterion the criterion's name
   * @param weight its share of the total weight, in 0..1
   * @param cost whether lower scores are better
   * @param firstScore the first option's score as judged, or {@code NaN} without one
   * @param firstState the first option's cell state
   * @param secondScore the second option's score as judged, or {@code NaN} without one
   * @param secondState the second option's cell state
   * @param better the better option's name, {@code null} on a tie or when either score is missing
   * @param advantage how much better, on the benefit-oriented 1..10 scale (0 on a tie, {@code NaN}
   *     when either score is missing)
   */
  public record Row(
      String criterion,
      double weight,
      boolean cost,
      double firstScore,
      CellState firstState,
      double secondScore,
      CellState secondState,
      @Nullable String better,
      double advantage) {}

  /**
   * Compares two options of a matrix.
   *
   * @param matrix the scores as judged (cells without a score are not filled in)
   * @param first the first option's index
   * @param second the second option's index
   * @return the comparison
   * @throws IllegalArgumentException if an index is out of range or both are the same option
   */
  public static HeadToHead compare(ScoreMatrix matrix, int first, int second) {
    int n = matrix.optionCount();
    if (first < 0 || first >= n || second < 0 || second >= n) {
      throw new IllegalArgumentException("option indices must be in 0.." + (n - 1) + " but were " + first + " and " + second);
    }
    if (first == second) {
      throw new IllegalArgumentException("compare two different options, not " + matrix.optionNames().get(first) + " with itself");
    }
    ScoreMatrix judged = matrix.imputed(MissingDataPolicy.EXCLUDE);
    String a = judged.optionNames().get(first);
    String b = judged.optionNames().get(second);
    int m = judged.criterionCount();
    double total = 0;
    for (int c = 0; c < m; c++) {
      total += judged.weight(c);
    }
    List<Row> rows = new ArrayList<>(m);
    double weightA = 0;
    double weightB = 0;
    int winsA = 0;
    int winsB = 0;
    int ties = 0;
    int undecided = 0;
    for (int c = 0; c < m; c++) {
      double va = judged.value(first, c);
      double vb = judged.value(second, c);
      double share = total == 0 ? 0 : judged.weight(c) / total;
      String better = null;
      double advantage;
      if (Double.isNaN(va) || Double.isNaN(vb)) {
        advantage = Double.NaN;
        undecided++;
      } else if (RankingAssembler.tied(va, vb)) {
        advantage = 0;
        ties++;
      } else if (va > vb) {
        better = a;
        advantage = va - vb;
        weightA += share;
        winsA++;
      } else {
        better = b;
        advantage = vb - va;
        weightB += share;
        winsB++;
      }
      rows.add(new Row(judged.criterionNames().get(c), share, judged.isCost(c), judged.raw(first, c), judged.state(first, c),
          judged.raw(second, c), judged.state(second, c), better, advantage));
    }
    return new HeadToHead(a, b, rows, summary(a, b, rows, winsA, winsB, ties, undecided, weightA, weightB));
  }

  private static String summary(String a, String b, List<Row> rows, int winsA, int winsB, int ties, int undecided, double weightA, double weightB) {
    StringBuilder out = new StringBuilder();
    // The option winning more of the weight is named first.
    boolean aFirst = weightA >= weightB;
    out.append(aFirst ? a : b).append(" is better on ").append(count(aFirst ? winsA : winsB)).append(" (")
        .append(percent(aFirst ? weightA : weightB)).append(" of the weight), ").append(aFirst ? b : a).append(" on ")
        .append(count(aFirst ? winsB : winsA)).append(" (").append(percent(aFirst ? weightB : weightA)).append(")");
    if (ties > 0) {
      out.append(", ").append(ties).append(" tied");
    }
    if (undecided > 0) {
      out.append(", ").append(undecided).append(" undecided because a score is missing");
    }
    out.append('.');
    rows.stream().filter(r -> r.better() != null).max(Comparator.comparingDouble(r -> r.advantage() * r.weight())).ifPresent(r ->
        out.append(" The gap that weighs most: ").append(r.criterion()).append(", where ").append(r.better()).append(" is ")
            .append(String.format(Locale.ROOT, "%.1f", r.advantage())).append(" points better (")
            .append(fmt(r.firstScore())).append(" vs ").append(fmt(r.secondScore())).append(r.cost() ? ", a cost" : "").append(")."));
    return out.toString();
  }

  private static String count(int criteria) {
    return criteria + (criteria == 1 ? " criterion" : " criteria");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  private static String fmt(double score) {
    return String.format(Locale.ROOT, "%.1f", score);
  }
}
