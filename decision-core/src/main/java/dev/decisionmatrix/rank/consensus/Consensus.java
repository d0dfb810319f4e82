package dev.decisionmatrix.rank.consensus;

import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Borda and Copeland consensus over several ranking methods, and a plain statement of whether they
 * agree on the winner. An option a method leaves unranked (no score, or TOPSIS's undefined
 * closeness) earns no Borda points from it and loses every Copeland comparison in that method to
 * the options it ranks.
 */
public final class Consensus {

  private Consensus() {}

  /**
   * Borda points per option: in each method, the number of ranked options it beats plus half the
   * number it ties with, summed over the methods.
   *
   * @param rankings one ranking per method, all of the same matrix
   * @param options the option count
   * @return points per option, in option order
   */
  public static double[] borda(List<Ranking> rankings, int options) {
    double[] points = new double[options];
    for (Ranking r : rankings) {
      for (RankedOption a : r.options()) {
        for (RankedOption b : r.options()) {
          if (a.index() != b.index() && a.isRanked() && b.isRanked()) {
            points[a.index()] += a.rank() < b.rank() ? 1 : a.rank() == b.rank() ? 0.5 : 0;
          }
        }
      }
    }
    return points;
  }

  /**
   * Copeland scores per option: pairwise wins minus losses, where option a beats b when more methods
   * place a above b than b above a.
   *
   * @param rankings one ranking per method, all of the same matrix
   * @param options the option count
   * @return wins minus losses per option, in option order
   */
  public static int[] copeland(List<Ranking> rankings, int options) {
    int[][] place = new int[rankings.size()][options];
    for (int k = 0; k < rankings.size(); k++) {
      for (RankedOption o : rankings.get(k).options()) {
        place[k][o.index()] = o.isRanked() ? o.rank() : Integer.MAX_VALUE;
      }
    }
    int[] score = new int[options];
    for (int a = 0; a < options; a++) {
      for (int b = a + 1; b < options; b++) {
        int margin = 0;
        for (int[] p : place) {
          margin += Integer.signum(p[b] - p[a]) > 0 ? 1 : p[b] == p[a] ? 0 : -1;
        }
        score[a] += Integer.signum(margin);
        score[b] -= Integer.signum(margin);
      }
    }
    return score;
  }

  /**
   * Ranks the matrix with each method and says whether they agree on the winner.
   *
   * @param matrix the scores
   * @param methods the methods, at least one
   * @return e.g. {@code "All 3 methods rank A first."}
   * @throws IllegalArgumentException if no method is given
   */
  public static String winnerStatement(ScoreMatrix matrix, List<RankingMethod> methods) {
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("consensus needs at least one ranking method but got none");
    }
    Map<String, List<String>> byWinner = new LinkedHashMap<>();
    for (RankingMethod m : methods) {
      List<String> first = new ArrayList<>();
      for (RankedOption o : m.rank(matrix).options()) {
        if (o.rank() == 1) {
          first.add(o.name());
        }
      }
      String winner = first.isEmpty() ? "no option" : String.join(" and ", first);
      byWinner.computeIfAbsent(winner, w -> new ArrayList<>()).add(m.name());
    }
    if (byWinner.size() == 1) {
      String winner = byWinner.keySet().iterator().next();
      return (methods.size() == 1 ? "The only method, " + methods.getFirst().name() + ", ranks " : "All " + methods.size() + " methods rank ")
          + winner + " first.";
    }
    List<String> parts = new ArrayList<>();
    byWinner.forEach((winner, names) -> parts.add(String.join(" and ", names) + (names.size() == 1 ? " ranks " : " rank ") + winner + " first"));
    return "Methods disagree: " + String.join(", ", parts) + ".";
  }
}
