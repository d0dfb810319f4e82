package dev.decisionmatrix.rank;

/**
 * EDAS (evaluation based on distance from average solution) as defined by Keshavarz Ghorabaee,
 * Zavadskas, Olfat and Turskis, "Multi-criteria inventory classification using a new method of
 * evaluation based on distance from average solution (EDAS)", <i>Informatica</i> 26(3) (2015)
 * 435-451: per criterion the average solution {@code AV_j} is the mean score as judged; an option's
 * positive distance from it is {@code max(0, x - AV) / AV} for a benefit and {@code max(0, AV - x) /
 * AV} for a cost, its negative distance the opposite; {@code SP} and {@code SN} are their weighted
 * sums (weights normalised to sum 1), normalised as {@code NSP = SP / max SP} and {@code NSN = 1 - SN
 * / max SN}; the score is the appraisal {@code AS = (NSP + NSN) / 2} in 0..1. When no option is
 * above (below) average anywhere, every {@code NSP} is 0 (every {@code NSN} is 1).
 *
 * <p>Cells without a score are left out of the averages and of that option's {@code SP} and {@code
 * SN}, which are then divided by the share of the total weight the option was scored on, so an
 * unscored cell neither helps nor hurts; failed and missing cells make it provisional. An option
 * with no score at all is not ranked.
 *
 * @param clearMargin the smallest lead in appraisal score (0..1) that counts as a clear win
 */
public record Edas(double clearMargin) implements RankingMethod {

  static final Edas DEFAULT = new Edas(0.05);

  /**
   * Validates the margin.
   *
   * @throws IllegalArgumentException if not in 0..1
   */
  public Edas {
    if (!(clearMargin >= 0 && clearMargin <= 1)) {
      throw new IllegalArgumentException("edas's clearMargin is an appraisal-score difference and must be between 0 and 1 but was " + clearMargin);
    }
  }

  @Override
  public String name() {
    return "edas";
  }

  @Override
  public String description() {
    return "Rewards being well above the average option on heavily weighted criteria and rarely below it.";
  }

  @Override
  public Ranking rank(ScoreMatrix matrix) {
    return RankingAssembler.assemble(name(), matrix, appraisal(matrix), clearMargin, "in appraisal score");
  }
  @Override
  public double[] optionScores(ScoreMatrix matrix) {
    return appraisal(matrix);
  }


  /** The appraisal score per option; {@code NaN} for an option without any score. */
  static double[] appraisal(ScoreMatrix matrix) {
    int n = matrix.optionCount();
    int m = matrix.criterionCount();
    double weightSum = 0;
    double[] average = new double[m];
    for (int c = 0; c < m; c++) {
      weightSum += matrix.weight(c);
      int count = 0;
      for (int o = 0; o < n; o++) {
        double x = matrix.raw(o, c);
        if (!Double.isNaN(x)) {
          average[c] += x;
          count++;
        }
      }
      average[c] = count == 0 ? Double.NaN : average[c] / count;
    }
    double[] sp = new double[n];
    double[] sn = new double[n];
    double maxSp = 0;
    double maxSn = 0;
    for (int o = 0; o < n; o++) {
      double used = 0;
      for (int c = 0; c < m; c++) {
        double x = matrix.raw(o, c);
        if (Double.isNaN(x)) {
          continue;
        }
        double w = matrix.weight(c) / weightSum;
        used += w;
        double above = (matrix.isCost(c) ? average[c] - x : x - average[c]) / average[c];
        if (above > 0) {
          sp[o] += w * above;
        } else {
          sn[o] -= w * above;
        }
      }
      if (used == 0) {
        sp[o] = Double.NaN;
        continue;
      }
      sp[o] /= used;
      sn[o] /= used;
      maxSp = Math.max(maxSp, sp[o]);
      maxSn = Math.max(maxSn, sn[o]);
    }
    double[] out = new double[n];
    for (int o = 0; o < n; o++) {
      double nsp = maxSp == 0 ? 0 : sp[o] / maxSp;
      double nsn = maxSn == 0 ? 1 : 1 - sn[o] / maxSn;
      out[o] = Double.isNaN(sp[o]) ? Double.NaN : (nsp + nsn) / 2;
    }
    return out;
  }
}
