package dev.decisionmatrix.rank;

/**
 * Where an option ranks across Monte Carlo trials: the middle 90 % of its ranks and the median. A
 * narrow interval at 1 is a robust win; an interval spanning several places means the order is not
 * settled.
 *
 * @param best the 5th percentile rank (1 is first)
 * @param median the median rank
 * @param worst the 95th percentile rank
 */
public record RankInterval(int best, int median, int worst) {

  /**
   * Validates the order of the ranks.
   *
   * @throws IllegalArgumentException unless {@code 1 <= best <= median <= worst}
   */
  public RankInterval {
    if (best < 1 || median < best || worst < median) {
      throw new IllegalArgumentException("ranks must satisfy 1 <= best <= median <= worst but were " + best + ", " + median + ", " + worst);
    }
  }
}
